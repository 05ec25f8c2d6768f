-- One consistent snapshot of a sale. Key layout: see reserve.lua.
-- KEYS: sale, order, pending
-- Returns {initial, stock, reserved users, pending orders}, or {} when the sale was never loaded.
local sale = redis.call('HMGET', KEYS[1], 'initial', 'stock')
if not sale[1] then
  return {}
end
return {tonumber(sale[1]), tonumber(sale[2]), redis.call('HLEN', KEYS[2]), redis.call('ZCARD', KEYS[3])}
