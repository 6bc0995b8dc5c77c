import type { Viewer } from '../../auth.ts';
import type { ChangeOrigin } from '../../db/types.ts';

/** Who makes a change, recorded with it so it can be shown and undone. */
export interface Actor {
  origin: ChangeOrigin;
  memberId?: string | null;
  apiKeyId?: string | null;
  importId?: string | null;
}

export const SYSTEM_ACTOR: Actor = { origin: 'SYSTEM' };

export function actorOf(viewer: Viewer): Actor {
  switch (viewer.kind) {
    case 'member':
      return { origin: 'MEMBER', memberId: viewer.memberId };
    case 'apiKey':
      return { origin: 'API_KEY', apiKeyId: viewer.apiKeyId };
    case 'public':
      return { origin: 'CLIENT' };
  }
}
