-- Whether each order holds its user's reservation. Key layout: see reserve.lua.
-- KEYS: sale, order   ARGV: userId, orderId, userId, orderId, ...
-- Returns one integer per pair: 1 held by that order, 0 not; or {-1} when the sale is not loaded or is behind.
if redis.call('HGET', KEYS[1], 'node') ~= node_id() then
  return {-1}
end
local held = {}
for i = 1, #ARGV, 2 do
  held[#held + 1] = redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[i + 1] and 1 or 0
end
return held
