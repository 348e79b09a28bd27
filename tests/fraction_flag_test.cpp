// --precision and compare's --threshold take "5%" or the fraction "0.05";
// a bare number above 1 is refused rather than read as a percentage, so
// "--threshold 5" cannot silently mean 500%.
#include <gtest/gtest.h>

#include <string>

#include "cli/run_flags.hpp"
#include "concur/errors.hpp"

namespace concur::cli {
namespace {

std::string refusal(const std::string& text) {
  try {
    parse_fraction(text, "--threshold");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(FractionFlags, BareNumbersAreFractionsPercentagesArePercent) {
  EXPECT_DOUBLE_EQ(parse_fraction("5%", "--threshold"), 0.05);
  EXPECT_DOUBLE_EQ(parse_fraction("0.05", "--threshold"), 0.05);
  EXPECT_DOUBLE_EQ(parse_fraction("0.5", "--threshold"), 0.5);
  EXPECT_DOUBLE_EQ(parse_fraction("1", "--threshold"), 1.0);
  EXPECT_DOUBLE_EQ(parse_fraction("250%", "--threshold"), 2.5);
  EXPECT_DOUBLE_EQ(parse_fraction("0%", "--threshold"), 0.0);
}

TEST(FractionFlags, ABareNumberAboveOneIsRefusedWithTheFix) {
  EXPECT_NE(refusal("5").find("--threshold '5': a bare number is a fraction (0.05 = 5%); "
                              "did you mean 5%?"),
            std::string::npos)
      << refusal("5");
  EXPECT_NE(refusal("1.5").find("did you mean 1.5%?"), std::string::npos);
  for (const char* bad : {"", "%", "abc", "5%%", "-1%", "-0.1", "nan", "inf", "5 %", "0x1"})
    EXPECT_NE(refusal(bad).find("expected a percentage such as 5% or a fraction such as 0.05"),
              std::string::npos)
        << "'" << bad << "': " << refusal(bad);
}

}  // namespace
}  // namespace concur::cli
