/**
 * Lua run atomically inside Redis. A room is one hash: `v` (version) and `r` (the record JSON),
 * so the version check never parses the record; its action log, a field per version (`a:<version>`);
 * its timeline, a field per entry (`t:<n>`, numbered from 1, the newest `tn`), the oldest dropped
 * past a cap; and its lease and expiry bookkeeping (below).
 */

/** KEYS: room. ARGV: version, record, ttl ms, timeline entries... */
export const CREATE_ROOM = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local fields = {'v', ARGV[1], 'r', ARGV[2], 'tn', #ARGV - 3}
for i = 4, #ARGV do table.insert(fields, 't:' .. (i - 3)); table.insert(fields, ARGV[i]) end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

/**
 * KEYS: room. ARGV: expected version, new version, record, ttl ms, timeline cap, deadline (Redis
 * time, ms), lease owner ('' for none), lease ms, number of log entries n, n log entries as field
 * and value, timeline entries...
 *
 * One call commits a whole batch of actions with one HSET: the record, the version, the log, the
 * timeline and the lease. The deadline makes a commit that reaches Redis after its node stopped
 * waiting for it (a paused Redis, a link that delivers late, a command resent on reconnect) change
 * nothing: the node can then learn for certain whether it was applied, by looking once the
 * deadline has passed.
 *
 * The room's lease (fields `o` owner, `l` until, Redis time) rides on the same read and write:
 * a commit renews it when it is free, expired or the committer's own, and leaves another node's
 * live lease alone (the version check alone decides whether a commit lands).
 *
 * The expiry is renewed only when an eighth of the TTL has passed since the last renewal (field
 * `e`), to 9/8 of the TTL: a room is still kept at least the TTL after its last change.
 */
export const COMMIT_ROOM = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now > tonumber(ARGV[6]) then return 'expired' end
local cur = redis.call('HMGET', KEYS[1], 'v', 'e', 'o', 'l', 'tn')
if not cur[1] then return 'missing' end
if cur[1] ~= ARGV[1] then return 'conflict' end
local ttl = tonumber(ARGV[4])
local renew = (not cur[2]) or now - tonumber(cur[2]) > ttl / 8
local fields = {'v', ARGV[2], 'r', ARGV[3]}
if renew then table.insert(fields, 'e'); table.insert(fields, now) end
if ARGV[7] ~= '' and ((not cur[3]) or cur[3] == ARGV[7] or tonumber(cur[4]) <= now) then
  table.insert(fields, 'o'); table.insert(fields, ARGV[7])
  table.insert(fields, 'l'); table.insert(fields, now + tonumber(ARGV[8]))
end
local logEnd = 9 + 2 * tonumber(ARGV[9])
for i = 10, logEnd do table.insert(fields, ARGV[i]) end
local events = #ARGV - logEnd
local tn = tonumber(cur[5] or '0')
for i = 1, events do table.insert(fields, 't:' .. (tn + i)); table.insert(fields, ARGV[logEnd + i]) end
if events > 0 then table.insert(fields, 'tn'); table.insert(fields, tn + events) end
redis.call('HSET', KEYS[1], unpack(fields))
local old = {}
for i = math.max(1, tn - tonumber(ARGV[5]) + 1), tn + events - tonumber(ARGV[5]) do table.insert(old, 't:' .. i) end
if #old > 0 then redis.call('HDEL', KEYS[1], unpack(old)) end
if renew then redis.call('PEXPIRE', KEYS[1], math.floor(ttl * 9 / 8)) end
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
