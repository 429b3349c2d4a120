import { channel } from 'node:diagnostics_channel';

/**
 * Resolves once undici has written the headers of a request to `origin`, or failed to connect
 * anywhere, as told on undici's documented diagnostics channels (`undici:client:sendHeaders`,
 * `undici:client:connectError`). The entry waits for it before it loads the rest of the action,
 * so that loading never holds the first request back, and a server that cannot be
 * reached does not hold the file checks back while the request is retried. `stop` resolves it
 * too, for when no request will ever leave.
 */
export function headersSent(origin: string): { sent: Promise<void>; stop: () => void } {
  const sendHeaders = channel('undici:client:sendHeaders');
  const connectError = channel('undici:client:connectError');
  let stop!: () => void;
  const sent = new Promise<void>((resolve) => {
    const onHeaders = (message: unknown) => {
      if ((message as { request?: { origin?: unknown } }).request?.origin === origin) stop();
    };
    // Only this client talks to anyone before the rest is loaded: any failed connect is its.
    const onConnectError = () => stop();
    stop = () => {
      sendHeaders.unsubscribe(onHeaders);
      connectError.unsubscribe(onConnectError);
      resolve();
    };
    sendHeaders.subscribe(onHeaders);
    connectError.subscribe(onConnectError);
  });
  return { sent, stop };
}
