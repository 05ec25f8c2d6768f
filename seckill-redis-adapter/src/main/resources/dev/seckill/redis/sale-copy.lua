-- Prepended to the scripts that judge a sale's copy (LuaScript.judgingSales). Each sale hash keeps, in its field
-- 'node', the replication id of the node it was loaded or restored on. That id changes when a replica is promoted and
-- whenever Redis starts again, which are the two moments a node may have lost writes it acknowledged (a replica that
-- had not received them; the last second of an append-only file). A sale whose 'node' is not the node's id now is
-- behind: nothing is reserved on it until it is restored from the ledger.
local function node_id()
  return string.match(redis.call('INFO', 'replication'), 'master_replid:(%x+)')
end
