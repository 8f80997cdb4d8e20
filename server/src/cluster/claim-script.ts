/**
 * KEYS: the room's claim. ARGV: node, version, ttl ms. Returns 1 when `node` holds the claim.
 *
 * The node that committed the newest version the claims have seen lists the room; an equal
 * version keeps the node that claimed it first, so two nodes never both hold it for long.
 */
export const CLAIM_LISTING = `
local cur = redis.call('HMGET', KEYS[1], 'n', 'v')
local v = ARGV[2]
if cur[1] then
  if cur[1] ~= ARGV[1] and tonumber(cur[2]) >= tonumber(v) then return 0 end
  if tonumber(cur[2]) > tonumber(v) then v = cur[2] end
end
redis.call('HSET', KEYS[1], 'n', ARGV[1], 'v', v)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;
