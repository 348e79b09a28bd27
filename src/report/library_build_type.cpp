#include "report/library_build_type.hpp"

#include <benchmark/benchmark.h>

#include <sstream>

namespace concur::report {

const std::string& benchmark_library_build_type() {
  // Compiled into the library (NDEBUG there, not here): ask its JSON
  // reporter, which writes the value into the context it prints.
  static const std::string value = [] {
    std::ostringstream out, errors;
    benchmark::JSONReporter reporter;
    reporter.SetOutputStream(&out);
    reporter.SetErrorStream(&errors);
    reporter.ReportContext(benchmark::BenchmarkReporter::Context());
    const std::string text = out.str();
    const std::string key = "\"library_build_type\": \"";
    const auto at = text.find(key);
    if (at == std::string::npos) return std::string("unknown");
    const auto start = at + key.size();
    return text.substr(start, text.find('"', start) - start);
  }();
  return value;
}

}  // namespace concur::report
