// Every type file, imported for its side effects on the builder; the one export is the schema.
import { builder } from './builder.ts';
import './scalars.ts';
import './errors.ts';
import './member.ts';
import './team.ts';
import './session.ts';
import './invite.ts';
import './api-key.ts';
import './viewer.ts';
import './user.ts';
import './user-change.ts';
import './group.ts';
import './tag.ts';
import './property-definition.ts';
import './event.ts';
import './import.ts';
import './import-upload.ts';
import './import-run.ts';
import './event-export.ts';
import './export.ts';
import './identify.ts';
import './source.ts';
import './identity.ts';
import './reminder.ts';

export const schema = builder.toSchema({ sortSchema: true });
