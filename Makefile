# make site   build the example portal into site/
# make test   every test: Swift unit tests, the search client's node tests, the browser suite
# make bench  the benchmark (see bench/README.md)
.PHONY: site test bench

site:
	scripts/install-deps
	swift run gongkai build

test:
	scripts/test

bench:
	bench/run
