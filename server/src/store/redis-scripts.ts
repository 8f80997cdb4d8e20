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
 * KEYS: room, log, timeline. ARGV: expected version, new version, record, ttl ms, timeline cap,
 * deadline (Redis time, ms), log entry, timeline entries...
 *
 * The deadline makes a commit that reaches Redis after its node stopped waiting for it (a paused
 * Redis, a link that delivers late, a command resent on reconnect) change nothing: the node can
 * then learn for certain whether it was applied, by looking once the deadline has passed.
 */
export const COMMIT_ROOM = `
local now = redis.call('TIME')
if tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) > tonumber(ARGV[6]) then return 'expired' end
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return 'missing' end
if v ~= ARGV[1] then return 'conflict' end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'r', ARGV[3])
redis.call('RPUSH', KEYS[2], ARGV[7])
for i = 8, #ARGV do redis.call('RPUSH', KEYS[3], ARGV[i]) end
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[5]), -1)
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
return 'ok'
`;

/** KEYS: lock. ARGV: owner. Deletes the lock only if this owner still holds it. */
export const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
