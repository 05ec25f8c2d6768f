-- Puts a sale in place; a sale already loaded keeps its stock and only gets the new window.
-- Key layout: see reserve.lua.
-- KEYS: sale   ARGV: stock, begin (epoch ms), end (epoch ms)
-- Returns 1 when the sale was created, 0 when it existed.
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'begin', ARGV[2], 'end', ARGV[3])
  return 0
end
redis.call('HSET', KEYS[1], 'stock', ARGV[1], 'initial', ARGV[1], 'begin', ARGV[2], 'end', ARGV[3], 'node', node_id())
return 1
