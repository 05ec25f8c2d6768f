-- Reads an hmdp login session (hash login:token:<token> with id, nickName, icon) and extends its
-- life, writing only when the remaining life has dropped below a threshold, so that a busy user
-- costs one PEXPIRE per refresh interval instead of one per request.
-- KEYS: session   ARGV: ttl (ms), refresh below (ms)
-- Returns the hash as field, value, field, value, ... (empty when unknown or expired).
local session = redis.call('HGETALL', KEYS[1])
if #session > 0 and redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return session
