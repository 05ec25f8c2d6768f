-- Pending orders written at least ARGV[1] ms ago by this node's clock, oldest first.
-- Key layout: see reserve.lua.
-- KEYS: pending   ARGV: age (ms), limit
-- Returns member, score, member, score, ...
local time = redis.call('TIME')
local cutoff = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) - tonumber(ARGV[1])
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', cutoff, 'WITHSCORES', 'LIMIT', 0, ARGV[2])
