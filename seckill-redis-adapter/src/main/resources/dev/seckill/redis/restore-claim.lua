-- Renews (ARGV[2] = lease in ms) or drops (ARGV[2] = "0") a restore claim, only while ARGV[1] holds it.
-- KEYS: claim   ARGV: token, lease (ms) or "0"
-- Returns 1 when the claim was held by the token, else 0.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
if ARGV[2] == '0' then
  redis.call('DEL', KEYS[1])
else
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 1
