-- wrk script: cycles through bench/tiles.txt, prefix and suffix from the
-- environment (TILE_PREFIX, TILE_SUFFIX), one list position per request.
local tiles = {}
for line in io.lines(os.getenv("TILE_LIST") or "bench/tiles.txt") do tiles[#tiles + 1] = line end
local prefix, suffix = os.getenv("TILE_PREFIX") or "/tiles/communes/", os.getenv("TILE_SUFFIX") or ".mvt"
local i = 0
request = function()
  i = i % #tiles + 1
  return wrk.format("GET", prefix .. tiles[i] .. suffix)
end
