-- Gives a unit back, only while the user's reservation is held by that very order; a second run
-- finds no reservation and changes nothing. Key layout: see reserve.lua.
-- KEYS: sale, order, pending   ARGV: userId, orderId
-- Returns 1 when a unit was given back, else 0.
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then
  return 0
end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[2] .. ':' .. ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'stock', 1)
end
return 1
