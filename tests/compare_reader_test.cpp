// The compare reader: every malformed file of tests/data/compare is refused
// with a ParseError naming it; valid Google Benchmark output is read; a
// bounded fuzz of mutated files never escapes with anything else.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "report/compare.hpp"

namespace concur::report {
namespace {

namespace fs = std::filesystem;
const fs::path kData = fs::path(CONCUR_SOURCE_DIR) / "tests" / "data" / "compare";

TEST(CompareReader, EveryMalformedFileIsAParseErrorNamingIt) {
  std::size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(kData)) {
    if (!entry.is_regular_file()) continue;
    const std::string path = entry.path().string();
    try {
      read_benchmark_file(path);
      ADD_FAILURE() << path << " was accepted";
    } catch (const ParseError& e) {
      EXPECT_EQ(std::string(e.what()).rfind(path + ": ", 0), 0u) << e.what();
    }
    ++checked;
  }
  EXPECT_GE(checked, 20u);
}

TEST(CompareReader, MessagesSayWhatIsWrongWhere) {
  auto message = [](const std::string& file) {
    try {
      read_benchmark_file((kData / file).string());
    } catch (const ParseError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message("real_time_is_string.json")
                .find("benchmarks[0].real_time: expected a number, got string"),
            std::string::npos);
  EXPECT_NE(message("time_unit_unknown.json").find("'fortnights' is not one of ns, us, ms, s"),
            std::string::npos);
  EXPECT_NE(message("truncated.json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(message("deeply_nested.json").find("nested deeper"), std::string::npos);
  EXPECT_NE(message("missing.json").find("cannot open"), std::string::npos);
}

TEST(CompareReader, ReadsGoogleBenchmarksOwnOutput) {
  const BenchmarkFile file =
      read_benchmark_file((kData / "valid" / "google_benchmark_1_7_1.json").string());
  ASSERT_EQ(file.benchmarks.size(), 3u);
  EXPECT_EQ(file.benchmarks[0].name, "BM_sort/1024");
  EXPECT_DOUBLE_EQ(file.benchmarks[0].median(), 15e-6);
  EXPECT_EQ(file.benchmarks[1].name, "BM_copy");  // "/repeats:3" dropped for matching
  EXPECT_TRUE(file.benchmarks[1].real_seconds.empty());
  EXPECT_DOUBLE_EQ(file.benchmarks[1].median(), 2e-6);  // from the median aggregate
  EXPECT_TRUE(file.benchmarks[2].failed);
  EXPECT_EQ(file.benchmarks[2].error, "broken");
}

// A bounded fuzz run in every test pass: mutate a valid file byte-wise and
// structurally; the reader must answer with a file or a ParseError.
TEST(CompareReader, MutatedInputsNeverEscapeAsOtherErrors) {
  std::ifstream in(kData / "valid" / "google_benchmark_1_7_1.json");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string seed = buffer.str();
  std::mt19937 random(12345);
  const std::string tokens[] = {"{", "}",    "[",  "]",     "\"",    ",",
                                ":", "null", "-1", "1e999", "\"x\"", "true"};
  int accepted = 0, refused = 0;
  for (int i = 0; i < 1500; ++i) {
    std::string text = seed;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = random() % text.size();
      switch (random() % 4) {
        case 0:
          text[at] = static_cast<char>(random() % 256);
          break;
        case 1:
          text.erase(at, 1 + random() % 16);
          break;
        case 2:
          text.insert(at, tokens[random() % std::size(tokens)]);
          break;
        default:
          text.resize(at);
          break;
      }
    }
    try {
      const BenchmarkFile file = parse_benchmark_json(text, "mutant.json");
      const CompareResult result = compare(file, file, {});
      render_comparison(result);
      ++accepted;
    } catch (const ParseError&) {
      ++refused;
    }
  }
  EXPECT_GT(refused, 0);
  EXPECT_EQ(accepted + refused, 1500);
}

}  // namespace
}  // namespace concur::report
