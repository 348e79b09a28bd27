// Settings given on the command line that shape workloads and models.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace concur {

struct Options {
  bool quick = false;        // small sizes: smoke tests and CI
  std::uint64_t seed = 42;   // for every seeded input (factorise, images)
  bool pin = false;          // --pin: each worker on a CPU of its own

  // math
  std::optional<std::uint64_t> size;  // override a kernel's problem size
  std::string png_path;               // mandelbrot: write the picture here

  // download
  unsigned images = 10;
  double latency_ms = 50;
  std::string url;          // empty: the embedded server
  double timeout_s = 30;
  unsigned retries = 0;
  std::string keep_dir;     // keep downloaded files here

  // gil
  double switch_interval_ms = 5;  // CPython's sys.getswitchinterval()
};

}  // namespace concur
