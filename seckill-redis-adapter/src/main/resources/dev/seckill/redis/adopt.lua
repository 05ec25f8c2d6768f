-- Gives back reservations the store lost while the ledger recorded their orders: each user without a
-- reservation gets it and takes one unit. Key layout: see reserve.lua.
-- KEYS: sale, order   ARGV: userId, orderId, userId, orderId, ...
-- Returns how many reservations were given back (0 when the sale is not loaded or is behind: its restore
-- reads the ledger).
if redis.call('HGET', KEYS[1], 'node') ~= node_id() then
  return 0
end
local adopted = 0
for i = 1, #ARGV, 2 do
  adopted = adopted + redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 1])
end
if adopted > 0 then
  redis.call('HINCRBY', KEYS[1], 'stock', -adopted)
end
return adopted
