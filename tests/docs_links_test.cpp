// The README and docs/ point at each other and at files of the repository:
// every relative link must name a file that exists (a moved or renamed page
// breaks the reader's next step silently otherwise).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The relative targets of the Markdown links `[text](target)` in `text`,
// without their #anchor; web links and pure anchors are left out.
std::vector<std::string> relative_links(const std::string& text) {
  // A scan for "](", not std::regex: GCC 12's <regex> trips
  // -Wmaybe-uninitialized in the sanitizer presets.
  std::vector<std::string> targets;
  for (auto open = text.find("]("); open != std::string::npos; open = text.find("](", open + 2)) {
    const auto start = open + 2;
    const auto close = text.find_first_of(") \t\n", start);
    if (close == std::string::npos || text[close] != ')' || close == start) continue;
    std::string target = text.substr(start, close - start);
    if (target.find("://") != std::string::npos || target.starts_with("mailto:") || target.starts_with("#")) continue;
    if (const auto hash = target.find('#'); hash != std::string::npos) target.resize(hash);
    targets.push_back(target);
  }
  return targets;
}

std::vector<fs::path> documentation_pages() {
  const fs::path source(CONCUR_SOURCE_DIR);
  std::vector<fs::path> pages{source / "README.md", source / "bench/README.md", source / "tests/README.md"};
  for (const auto& entry : fs::directory_iterator(source / "docs"))
    if (entry.path().extension() == ".md") pages.push_back(entry.path());
  return pages;
}

}  // namespace

TEST(DocsLinks, TheLinkFinderSeesRelativeLinksAndSkipsWebLinksAndAnchors) {
  const auto targets = relative_links(
      "see [a](docs/a.md#part), [b](https://example.org/x.md), [c](#here), [d](../LICENSE) and [e](mailto:x@y)");
  ASSERT_EQ(targets.size(), 2U);
  EXPECT_EQ(targets[0], "docs/a.md");
  EXPECT_EQ(targets[1], "../LICENSE");
}

TEST(DocsLinks, EveryRelativeLinkOfTheReadmeAndDocsNamesAnExistingFile) {
  const auto pages = documentation_pages();
  ASSERT_GE(pages.size(), 5U) << "docs/ holds the pages the README links to";
  std::size_t checked = 0;
  for (const auto& page : pages) {
    ASSERT_TRUE(fs::exists(page)) << page;
    for (const auto& target : relative_links(read_text(page))) {
      ++checked;
      EXPECT_TRUE(fs::exists(page.parent_path() / target)) << page << " links to " << target << ", which is not there";
    }
  }
  EXPECT_GT(checked, 20U) << "the README and docs/ link to each other";
}
