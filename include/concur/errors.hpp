// Error kinds that map to the documented exit codes.
#pragma once

#include <stdexcept>

namespace concur {

// Bad usage or input: exit 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Ctrl-C or SIGTERM arrived: clean up, then exit 130.
struct Interrupted : std::runtime_error {
  Interrupted() : std::runtime_error("interrupted") {}
};

namespace exit_code {
inline constexpr int ok = 0;
inline constexpr int failed = 1;
inline constexpr int usage = 2;
inline constexpr int interrupted = 130;
}  // namespace exit_code

}  // namespace concur
