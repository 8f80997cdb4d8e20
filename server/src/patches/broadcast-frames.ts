type Encode = (this: unknown, packet: unknown, opts: { wsPreEncodedFrame?: unknown }) => unknown;

const patched = new WeakSet<object>();

/**
 * A room broadcast is encoded once, and for websocket recipients Socket.IO's adapter also
 * builds the websocket frame once, as two buffers: the frame header and the message. `ws` writes
 * a two-buffer frame by corking the TCP socket around two writes, so every recipient's copy goes
 * through Node's buffered `writev` path: a request object per buffer, the array of chunks and the
 * uncork, about a fifth of the node's allocation at human pace. Joined into one buffer, once
 * per broadcast, each recipient's frame is a single plain write. The bytes on the wire are the
 * same.
 *
 * Replaces `_encode` on the prototype that defines it (socket.io-adapter's in-memory adapter,
 * which the Redis adapters extend), once, with the original followed by the join. Written for
 * the socket.io-adapter version in library-versions.ts.
 */
export function joinBroadcastFrames(adapter: object): void {
  let proto = Object.getPrototypeOf(adapter) as object | null;
  while (proto && !Object.hasOwn(proto, "_encode")) proto = Object.getPrototypeOf(proto) as object | null;
  if (!proto || patched.has(proto)) return;
  patched.add(proto);
  const owner = proto as { _encode: Encode };
  const encode = owner._encode;
  owner._encode = function (packet, opts) {
    const encoded = encode.call(this, packet, opts);
    const frame = opts.wsPreEncodedFrame;
    if (Array.isArray(frame) && frame.length === 2) opts.wsPreEncodedFrame = [Buffer.concat(frame as Buffer[])];
    return encoded;
  };
}
