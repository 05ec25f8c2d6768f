-- Puts a lost sale back in one step: the stock, the window, and the holders a restorer staged under its
-- token. Only while that restorer holds the claim and the sale is still missing or behind (sale-copy.lua),
-- never over a sound one; otherwise the staged holders are dropped and nothing changes. The pending orders
-- that survived stay (the restorer counted them among the holders). Key layout: see reserve.lua and SaleKeys.
-- KEYS: sale, order, claim, staged holders   ARGV: token, stock, initial, begin (epoch ms), end (epoch ms)
-- Returns 1 when the sale was put back, else 0.
local node = node_id()
if redis.call('GET', KEYS[3]) ~= ARGV[1] or redis.call('HGET', KEYS[1], 'node') == node then
  redis.call('DEL', KEYS[4])
  return 0
end
redis.call('DEL', KEYS[2])
if redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('RENAME', KEYS[4], KEYS[2])
  redis.call('PERSIST', KEYS[2])
end
redis.call('HSET', KEYS[1], 'stock', ARGV[2], 'initial', ARGV[3], 'begin', ARGV[4], 'end', ARGV[5], 'node', node)
return 1
