-- Key layout of one sale. Every key carries the voucher's hash tag, so that the scripts work
-- unchanged on Redis Cluster (all keys of a voucher live in one slot). <prefix> is "seckill:".
--   <prefix>sale:{<voucherId>}     hash   stock, initial, begin, end (epoch ms, end exclusive), node (see sale-copy.lua)
--   <prefix>order:{<voucherId>}    hash   userId -> orderId: who holds a reservation, and by which order
--   <prefix>pending:{<voucherId>}  zset   "<orderId>:<userId>" scored by Redis TIME (ms) of the
--                                         reservation: accepted orders the broker has not acknowledged
--
-- Reserves one unit in one atomic step, judged by Redis' own clock.
-- KEYS: sale, order, pending   ARGV: userId, orderId, checkWindow ("1" or "0")
-- Returns 0 reserved, 1 sold out, 2 already ordered, 3 not started, 4 ended, 5 unknown voucher, 6 the sale is behind.
local sale = redis.call('HMGET', KEYS[1], 'stock', 'begin', 'end', 'node')
if not sale[1] then
  return 5
end
if sale[4] ~= node_id() then
  return 6
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if ARGV[3] == '1' then
  if now < tonumber(sale[2]) then
    return 3
  end
  if now >= tonumber(sale[3]) then
    return 4
  end
end
if tonumber(sale[1]) <= 0 then
  return 1
end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
  return 2
end
redis.call('HINCRBY', KEYS[1], 'stock', -1)
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], now, ARGV[2] .. ':' .. ARGV[1])
return 0
