/**
 * Lua run atomically inside Redis. The room hash holds `v` (version) and `r` (the record JSON),
 * so the version check never parses the record.
 */
export const CREATE_ROOM = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'r', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

/**
 * KEYS: room, timeline. ARGV: expected version, new version, record, ttl ms, timeline cap,
 * deadline (Redis time, ms), lease owner ('' for none), lease ms, number of log entries n, n log
 * entries as field and value, timeline entries...
 *
 * One call commits a whole batch of actions. The deadline makes a commit that reaches Redis after
 * its node stopped waiting for it (a paused Redis, a link that delivers late, a command resent on
 * reconnect) change nothing: the node can then learn for certain whether it was applied, by
 * looking once the deadline has passed.
 *
 * The action log lives in the room hash, a field per version (`a:<version>`), so the record,
 * the version and the log are one write.
 *
 * The room's lease (fields `o` owner, `l` until, Redis time) rides on the same read and write:
 * a commit renews it when it is free, expired or the committer's own, and leaves another node's
 * live lease alone (the version check alone decides whether a commit lands).
 *
 * Expiries are renewed only when an eighth of the TTL has passed since the last renewal (field
 * `e`), to 9/8 of the TTL: a room is still kept at least the TTL after its last change. A
 * timeline this commit created gets its expiry at once.
 */
export const COMMIT_ROOM = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now > tonumber(ARGV[6]) then return 'expired' end
local cur = redis.call('HMGET', KEYS[1], 'v', 'e', 'o', 'l')
if not cur[1] then return 'missing' end
if cur[1] ~= ARGV[1] then return 'conflict' end
local ttl = tonumber(ARGV[4])
local keep = math.floor(ttl * 9 / 8)
local renew = (not cur[2]) or now - tonumber(cur[2]) > ttl / 8
local fields = {'v', ARGV[2], 'r', ARGV[3]}
if renew then table.insert(fields, 'e'); table.insert(fields, now) end
if ARGV[7] ~= '' and ((not cur[3]) or cur[3] == ARGV[7] or tonumber(cur[4]) <= now) then
  table.insert(fields, 'o'); table.insert(fields, ARGV[7])
  table.insert(fields, 'l'); table.insert(fields, now + tonumber(ARGV[8]))
end
local logEnd = 9 + 2 * tonumber(ARGV[9])
for i = 10, logEnd do table.insert(fields, ARGV[i]) end
redis.call('HSET', KEYS[1], unpack(fields))
local events = #ARGV - logEnd
if events > 0 then
  local len = redis.call('RPUSH', KEYS[2], unpack(ARGV, logEnd + 1, #ARGV))
  if len > tonumber(ARGV[5]) then redis.call('LTRIM', KEYS[2], -tonumber(ARGV[5]), -1) end
  if len == events and not renew then redis.call('PEXPIRE', KEYS[2], keep) end
end
if renew then for i = 1, 2 do redis.call('PEXPIRE', KEYS[i], keep) end end
return 'ok'
`;

/**
 * KEYS: room. ARGV: node, lease ms (0: only look). Answers nil for a missing room, else
 * {version, owner ('' when nobody holds it), lease ms left}. A lease that is free, expired or
 * already the node's own is taken (renewed) when lease ms > 0.
 */
export const CLAIM_ROOM = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cur = redis.call('HMGET', KEYS[1], 'v', 'o', 'l')
if not cur[1] then return false end
local held = cur[2] and cur[2] ~= '' and tonumber(cur[3]) > now
if held and cur[2] ~= ARGV[1] then return {cur[1], cur[2], tonumber(cur[3]) - now} end
local lease = tonumber(ARGV[2])
if lease > 0 then
  redis.call('HSET', KEYS[1], 'o', ARGV[1], 'l', now + lease)
  return {cur[1], ARGV[1], lease}
end
if held then return {cur[1], cur[2], tonumber(cur[3]) - now} end
return {cur[1], '', 0}
`;

/** KEYS: room. ARGV: node. Gives the room's lease up if this node holds it. */
export const RELEASE_ROOM = `
if redis.call('HGET', KEYS[1], 'o') == ARGV[1] then return redis.call('HDEL', KEYS[1], 'o', 'l') end
return 0
`;

/** KEYS: lock. ARGV: owner. Deletes the lock only if this owner still holds it. */
export const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
