dofile(os.getenv("BENCH_DIR") .. "/common.lua")
bench_name = "health"
