import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * Opens one authenticated graphql-ws socket for a bench subscriber and resolves once the server
 * acknowledged it (rejects if it closes first). A close after that is reported through
 * `onLateClose`, so a bench can count sockets the server dropped while it was measuring.
 */
export function openSubscriberSocket(
  options: { wsUrl: string; token: string; index: number; onLateClose: (problem: string) => void },
  clients: Client[],
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let acknowledged = false;
    const client = createClient({
      url: options.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${options.token}` },
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => {},
      on: {
        connected: () => {
          acknowledged = true;
          resolve();
        },
        closed: (event) => {
          const { code, reason } = event as { code?: number; reason?: string };
          const problem = `socket ${options.index} closed (${code} ${reason ?? ''})`;
          if (acknowledged) options.onLateClose(problem);
          else reject(new Error(`socket ${options.index} closed before connection_ack (${code} ${reason ?? ''})`));
        },
      },
    });
    client.on('error', () => {});
    clients.push(client);
  });
}
