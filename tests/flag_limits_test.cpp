// Where each flag's accepted range ends: the last value in is taken, the
// first value out is refused with the flag's name. Byte sizes (--max-size)
// and the sampling settings (--precision, --repetitions, --warmup-time...).
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "concur/errors.hpp"
#include "concur/runner.hpp"
#include "core/flag_checks.hpp"

namespace concur {
namespace {

std::string size_refusal(const std::string& text) {
  try {
    parse_byte_size(text, "--max-size");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(ByteSizeFlag, UnitsArePowersOfTwoWithOrWithoutB) {
  EXPECT_EQ(parse_byte_size("7", "--max-size"), 7u);
  EXPECT_EQ(parse_byte_size("3b", "--max-size"), 3u);
  EXPECT_EQ(parse_byte_size("3B", "--max-size"), 3u);
  EXPECT_EQ(parse_byte_size("500K", "--max-size"), 500u << 10);
  EXPECT_EQ(parse_byte_size("500kb", "--max-size"), 500u << 10);
  EXPECT_EQ(parse_byte_size("64MiB", "--max-size"), 64u << 20);
  EXPECT_EQ(parse_byte_size("1G", "--max-size"), 1u << 30);
  EXPECT_EQ(parse_byte_size("1T", "--max-size"), 1ull << 40);  // the largest
  EXPECT_EQ(parse_byte_size("1024G", "--max-size"), 1ull << 40);
}

TEST(ByteSizeFlag, RefusesWhatIsNoSizeAndWhatIsOutOfRange) {
  for (const char* text : {"", "K", "5X", "5KX", "-5", "1.5M", "99999999999999999999999"})
    EXPECT_NE(size_refusal(text).find("--max-size '" + std::string(text) + "': expected a size such as 500K"),
              std::string::npos)
        << text << ": " << size_refusal(text);
  for (const char* text : {"0", "0K", "1025G", "2T"})
    EXPECT_NE(size_refusal(text).find("give 1 byte to 1T"), std::string::npos) << text << ": " << size_refusal(text);
}

std::string sampling_refusal(const SamplingSettings& s) {
  try {
    check_sampling(s);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

// Each setting at both ends of its range, then one step past each.
TEST(SamplingFlags, EveryLimitIsInclusiveAndTheNextValueIsRefused) {
  EXPECT_EQ(sampling_refusal(SamplingSettings{}), "");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  struct Edge {
    void (*set)(SamplingSettings&, double);
    double last_in_low, last_in_high, first_out_low, first_out_high;
    const char* flag;
  };
  const Edge edges[] = {
      {[](SamplingSettings& s, double v) { s.precision = v; }, 1e-4, 1, 0.99e-4, 1.01, "--precision"},
      {[](SamplingSettings& s, double v) { s.max_seconds_per_cell = v; }, 0, 86400, -0.1, 86401, "--max-time"},
      {[](SamplingSettings& s, double v) { s.warmup_seconds = v; }, 0, 3600, -0.1, 3601, "--warmup-time"},
      {[](SamplingSettings& s, double v) { s.min_time = v; }, 1e-6, 3600, 0.9e-6, 3601, "--min-time"},
      {[](SamplingSettings& s, double v) { s.fixed_repetitions = static_cast<unsigned>(v); }, 1, 10000, 0, 10001,
       "--repetitions"},
      {[](SamplingSettings& s, double v) { s.warmup_runs = static_cast<unsigned>(v); }, 0, 1000, 1001, 1001,
       "--warmup"},
  };
  for (const Edge& e : edges) {
    for (double in : {e.last_in_low, e.last_in_high}) {
      SamplingSettings s;
      e.set(s, in);
      EXPECT_EQ(sampling_refusal(s), "") << e.flag << " " << in;
    }
    for (double out : {e.first_out_low, e.first_out_high}) {
      SamplingSettings s;
      e.set(s, out);
      EXPECT_NE(sampling_refusal(s).find(e.flag), std::string::npos) << e.flag << " " << out;
    }
  }
  SamplingSettings not_a_number;
  not_a_number.precision = nan;
  EXPECT_NE(sampling_refusal(not_a_number).find("--precision"), std::string::npos);
  // The repetition bounds: min 1 to 10000, max from min to 10000.
  SamplingSettings reps;
  reps.min_repetitions = reps.max_repetitions = 10000;
  EXPECT_EQ(sampling_refusal(reps), "");
  reps.min_repetitions = 1;
  reps.max_repetitions = 1;
  EXPECT_EQ(sampling_refusal(reps), "");
  reps.min_repetitions = 0;
  EXPECT_NE(sampling_refusal(reps).find("--min-repetitions"), std::string::npos);
  reps.min_repetitions = 10001;
  reps.max_repetitions = 10001;
  EXPECT_NE(sampling_refusal(reps).find("--min-repetitions"), std::string::npos);
  reps.min_repetitions = 5;
  reps.max_repetitions = 4;
  EXPECT_NE(sampling_refusal(reps).find("--max-repetitions"), std::string::npos);
  reps.max_repetitions = 10001;
  EXPECT_NE(sampling_refusal(reps).find("--max-repetitions"), std::string::npos);
}

}  // namespace
}  // namespace concur
