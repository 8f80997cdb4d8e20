/**
 * permessage-deflate with small zlib contexts: each websocket keeps its own deflate state, which
 * costs far more memory per connection than the socket itself at default settings. No context
 * takeover and small windows keep that near constant; frames under the threshold go uncompressed.
 */
export function deflateOptions(thresholdBytes: number) {
  return {
    threshold: thresholdBytes,
    serverNoContextTakeover: true,
    clientNoContextTakeover: true,
    serverMaxWindowBits: 10,
    concurrencyLimit: 4,
    zlibDeflateOptions: { level: 4, memLevel: 4, windowBits: 10 },
    zlibInflateOptions: { windowBits: 10 },
  };
}
