// Token buckets checked and drawn from in one atomic step, so concurrent requests (on any number of API
// processes) can never spend the same token twice. All-or-nothing: when any bucket is short, none is
// drawn from, and the reply says how long until every one of them could pay.
//
// KEYS[i]          one bucket per key (a hash: tokens, ts)
// ARGV[1]          cost of this request, in tokens
// ARGV[2i], ARGV[2i+1]  capacity and refill rate (tokens per second) of KEYS[i]
// Reply            { allowed (1|0), retryAfterMs, remaining (floor of the fullest-drained bucket) }
//
// Time comes from the Redis server (TIME), not from callers whose clocks may disagree. Each key expires
// once it would have refilled completely, so idle buckets cost no memory and nothing lives forever.
export const TOKEN_BUCKET_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cost = tonumber(ARGV[1])
local levels = {}
local wait = 0
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[2 * i])
  local perMs = tonumber(ARGV[2 * i + 1]) / 1000
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
  local tokens = tonumber(state[1])
  local ts = tonumber(state[2])
  if tokens == nil or ts == nil then
    tokens = capacity
  else
    tokens = math.min(capacity, tokens + math.max(0, now - ts) * perMs)
  end
  levels[i] = tokens
  if tokens < cost then
    local need = math.ceil((cost - tokens) / perMs)
    if need > wait then wait = need end
  end
end
if wait > 0 then
  return {0, wait, 0}
end
local remaining = -1
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[2 * i])
  local perMs = tonumber(ARGV[2 * i + 1]) / 1000
  local left = levels[i] - cost
  redis.call('HSET', KEYS[i], 'tokens', tostring(left), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[i], math.ceil((capacity - left) / perMs) + 1000)
  if remaining < 0 or left < remaining then remaining = left end
end
return {1, 0, math.floor(remaining)}
`;
