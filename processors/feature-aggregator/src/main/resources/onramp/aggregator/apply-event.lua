-- Applies one event to a user's features, exactly once per eventId, in one atomic step.
-- KEYS[1] features hash, KEYS[2] applied-event mark, KEYS[3] set of completed steps
--   (all three share the user's hash tag, so this runs on Redis Cluster too)
-- ARGV[1] event type, ARGV[2] device class or '', ARGV[3] occurredAt epoch millis,
-- ARGV[4] completed step or '', ARGV[5] mark TTL seconds, ARGV[6] feature TTL seconds
-- Returns {duplicate (0|1), {field, value, ...} of all features, {changed field, ...}}
local features, mark, steps = KEYS[1], KEYS[2], KEYS[3]

if not redis.call('SET', mark, '1', 'NX', 'EX', ARGV[5]) then
  -- Seen before: change nothing, hand back the current features so no decision is lost downstream.
  return {1, redis.call('HGETALL', features), {}}
end

local changed = {}
local function set(field, value)
  if redis.call('HGET', features, field) ~= value then
    redis.call('HSET', features, field, value)
    changed[#changed + 1] = field
  end
end
local function incr(field)
  redis.call('HINCRBY', features, field, 1)
  changed[#changed + 1] = field
end

incr('events_total')
incr('count_' .. ARGV[1])

local at = tonumber(ARGV[3])
local first = tonumber(redis.call('HGET', features, 'first_seen'))
if not first or at < first then set('first_seen', ARGV[3]) end
local last = tonumber(redis.call('HGET', features, 'last_seen'))
if not last or at > last then set('last_seen', ARGV[3]) end

if ARGV[2] ~= '' then
  local previous = redis.call('HGET', features, 'device_type')
  if previous and previous ~= ARGV[2] then incr('device_switches') end
  set('device_type', ARGV[2])
end

if ARGV[4] ~= '' then
  if redis.call('SADD', steps, ARGV[4]) == 1 then
    set('steps_completed', tostring(redis.call('SCARD', steps)))
    local highest = tonumber(redis.call('HGET', features, 'max_step_completed'))
    if not highest or tonumber(ARGV[4]) > highest then set('max_step_completed', ARGV[4]) end
  end
  redis.call('EXPIRE', steps, ARGV[6])
end

redis.call('HINCRBY', features, 'version', 1)
redis.call('EXPIRE', features, ARGV[6])
return {0, redis.call('HGETALL', features), changed}
