// Which sanitizer this test binary was built with, for the few tests that
// cannot run under one (libgomp is not TSan-instrumented).
#pragma once

namespace concur::testing {

constexpr bool running_under_tsan() {
#if defined(__SANITIZE_THREAD__)
  return true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
  return true;
#endif
#endif
  return false;
}

}  // namespace concur::testing
