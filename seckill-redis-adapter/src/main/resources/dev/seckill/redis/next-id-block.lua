-- Takes the next block of a day's order id sequence. The counter never runs below a floor that grows
-- with the time of day, so that a counter the store lost (a crash, a failover, a flush) starts again
-- above every number it had handed out, unless ids were taken faster than the floor grows.
-- KEYS: counter   ARGV: block size, floor, life (s)
-- Returns the last number of the block.
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count < tonumber(ARGV[2]) then
  redis.call('SET', KEYS[1], ARGV[2])
end
local last = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return last
