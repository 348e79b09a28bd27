// The gil model's own setting, held in Options::plugins.
#pragma once

#include <string_view>

namespace concur {

struct GilOptions {
  static constexpr std::string_view key = "gil";
  double switch_interval_ms = 5;  // --switch-interval: CPython's sys.getswitchinterval()
};

}  // namespace concur
