-- wrk script: a mix of map and API requests, as the map application and
-- partners' sites send them. One request in two is a point lookup at a
-- random place of Occitanie (seeded per thread: distinct URLs, so a cache
-- in front misses them and they reach the replicas); the others cycle
-- through tiles of bench/tiles.txt, the layer list, zone tables, legends
-- and place-name searches (the same URLs again and again: a cache serves them).
local tiles = {}
for line in io.lines(os.getenv("TILE_LIST") or "bench/tiles.txt") do tiles[#tiles + 1] = line end
local fixed = {
  "/api/layers",
  "/api/zones/qpv",
  "/api/zones/communes/31555",
  "/api/legend/communes/part_non_autonomes",
  "/api/search?q=toulouse",
  "/tiles/communes.json",
}
local i = 0
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
init = function(args)
  math.randomseed(tonumber(os.getenv("SEED") or "1") * 1000 + (id or 0))
end
request = function()
  i = i + 1
  if i % 2 == 0 then
    local lon = -0.3 + math.random() * 4.9
    local lat = 42.4 + math.random() * 2.6
    return wrk.format("GET", string.format("/api/lookup?lon=%.5f&lat=%.5f", lon, lat))
  elseif i % 4 == 1 then
    return wrk.format("GET", "/tiles/communes/" .. tiles[math.floor(i / 4) % #tiles + 1] .. ".mvt")
  else
    return wrk.format("GET", fixed[math.floor(i / 4) % #fixed + 1])
  end
end
