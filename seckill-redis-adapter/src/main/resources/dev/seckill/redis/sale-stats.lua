-- One consistent snapshot of a sale. Key layout: see reserve.lua.
-- KEYS: sale, order, pending
-- Returns {initial, stock, reserved users, pending orders, 1 when the copy is behind else 0}, or {} when the
-- sale was never loaded.
local sale = redis.call('HMGET', KEYS[1], 'initial', 'stock', 'node')
if not sale[1] then
  return {}
end
local behind = sale[3] ~= node_id() and 1 or 0
return {tonumber(sale[1]), tonumber(sale[2]), redis.call('HLEN', KEYS[2]), redis.call('ZCARD', KEYS[3]), behind}
