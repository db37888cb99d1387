package main

import (
	"log/slog"
	"os"
	"runtime/pprof"
)

// startCPUProfile writes a CPU profile of the whole command to
// $FEDNEWS_CPUPROFILE when it is set (for `go tool pprof -top`; see
// BENCHMARKS.md), and returns the function that finishes it.
func startCPUProfile() (stop func()) {
	path := os.Getenv("FEDNEWS_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		slog.Error("FEDNEWS_CPUPROFILE: cannot create the profile; running without it", "err", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		slog.Error("FEDNEWS_CPUPROFILE: cannot start profiling; running without it", "err", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			slog.Error("FEDNEWS_CPUPROFILE: writing the profile failed", "err", err)
		}
	}
}
