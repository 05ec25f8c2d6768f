-- Key layout of one sale. Every key carries the voucher's hash tag, so that the scripts work
-- unchanged on Redis Cluster (all keys of a voucher live in one slot). <prefix> is "seckill:".
--   <prefix>sale:{<voucherId>}     hash   stock, initial, begin, end (epoch ms, end exclusive), node (see sale-copy.lua)
--   <prefix>order:{<voucherId>}    hash   userId -> orderId: who holds a reservation, and by which order
--   <prefix>pending:{<voucherId>}  zset   "<orderId>:<userId>" scored by Redis TIME (ms) of the
--                                         reservation: accepted orders the broker has not acknowledged
--
-- Reserves for the buyers of one sale in one atomic step, judged by Redis' own clock, in the order given: the
-- buyers who arrived while the sale's last call was in flight (ReservationLanes), or one buyer alone. Each is decided
-- as if alone, one after the other: the sale's window, then its stock, then whether the buyer holds an order (a buyer
-- twice in one call gets the second answer 2), then the unit taken, the holder and the pending record written.
-- KEYS: sale, order, pending   ARGV: checkWindow ("1" or "0"), userId, orderId, userId, orderId, ...
-- Returns one code per buyer, in order: 0 reserved, 1 sold out, 2 already ordered, 3 not started, 4 ended,
-- 5 unknown voucher, 6 the sale is behind.
local buyers = (#ARGV - 1) / 2
local function all(code)
  local codes = {}
  for i = 1, buyers do
    codes[i] = code
  end
  return codes
end
local sale = redis.call('HMGET', KEYS[1], 'stock', 'begin', 'end', 'node')
if not sale[1] then
  return all(5)
end
if sale[4] ~= node_id() then
  return all(6)
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if ARGV[1] == '1' then
  if now < tonumber(sale[2]) then
    return all(3)
  end
  if now >= tonumber(sale[3]) then
    return all(4)
  end
end
local stock = tonumber(sale[1])
local taken = 0
local codes = {}
for i = 1, buyers do
  local user = ARGV[2 * i]
  local order = ARGV[2 * i + 1]
  if stock - taken <= 0 then
    codes[i] = 1
  elseif redis.call('HSETNX', KEYS[2], user, order) == 0 then
    codes[i] = 2
  else
    taken = taken + 1
    redis.call('ZADD', KEYS[3], now, order .. ':' .. user)
    codes[i] = 0
  end
end
if taken > 0 then
  redis.call('HINCRBY', KEYS[1], 'stock', -taken)
end
return codes
