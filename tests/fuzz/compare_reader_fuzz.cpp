// libFuzzer target for the compare reader: any input must come back as a
// parsed file or a ParseError (exit 2 in the CLI); anything else — another
// exception, a crash, a hang, a sanitizer report — is a bug.
//   cmake -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCONCUR_FUZZ=ON
//   cmake --build build-fuzz --target compare_reader_fuzz
//   build-fuzz/tests/compare_reader_fuzz -max_total_time=60 tests/data/compare
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "report/compare.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto file = concur::report::parse_benchmark_json(text, "fuzz.json");
    const auto result = concur::report::compare(file, file, {});
    (void)concur::report::render_comparison(result);
  } catch (const concur::report::ParseError&) {
  }
  return 0;
}
