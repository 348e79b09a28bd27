// --url's placeholders and --urls' list, through the functions the flags
// call: each rule on both sides (accepted and refused).
#include <gtest/gtest.h>

#include <fstream>

#include "concur/errors.hpp"
#include "temp_dir.hpp"
#include "workloads/download/url_list.hpp"

namespace concur::download {
namespace {

std::string refusal_of_pattern(std::string_view pattern) {
  try {
    expand_url_pattern(pattern, 1);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(UrlPattern, ThePlaceholdersGiveTheImagesNumber) {
  EXPECT_EQ(expand_url_pattern("http://h/a.jpg", 7), "http://h/a.jpg");  // none: the same URL for every image
  EXPECT_EQ(expand_url_pattern("http://h/{i}.jpg", 7), "http://h/7.jpg");
  EXPECT_EQ(expand_url_pattern("http://h/img-{i:03}.jpg", 7), "http://h/img-007.jpg");
  EXPECT_EQ(expand_url_pattern("http://h/img-{i:03}.jpg", 1234), "http://h/img-1234.jpg");  // wider than W
  EXPECT_EQ(expand_url_pattern("http://h/{i:02}/{i}", 5), "http://h/05/5");
  EXPECT_EQ(url_of_image("http://h/{i:01}", {}, 0), "http://h/1");  // image index 0 is number 1
}

TEST(UrlPattern, AnythingElseInBracesIsRefusedNamingIt) {
  EXPECT_EQ(refusal_of_pattern("http://h/{i}.jpg"), "");
  for (const char* bad : {"{x}", "{i:3}", "{i:00}", "{i:010}", "{I}", "{i", "}"}) {
    const std::string message = refusal_of_pattern(std::string("http://h/") + bad);
    EXPECT_NE(message.find(std::string("'") + bad), std::string::npos) << bad << ": " << message;
    EXPECT_NE(message.find("give {i}"), std::string::npos) << message;
  }
}

TEST(UrlList, CyclesWhenTheImagesOutnumberIt) {
  const std::vector<std::string> list = {"http://a/1", "http://a/2"};
  EXPECT_EQ(url_of_image("", list, 0), "http://a/1");
  EXPECT_EQ(url_of_image("", list, 1), "http://a/2");
  EXPECT_EQ(url_of_image("", list, 2), "http://a/1");
}

TEST(UrlList, SkipsBlanksAndCommentsAndNamesTheFirstBadLine) {
  testing::TempDir dir;
  const std::string good = dir.file("good.txt");
  std::ofstream(good) << "# images\n\nhttp://127.0.0.1:8/a.jpg\r\n  https://127.0.0.1/b.jpg  \n";
  EXPECT_EQ(read_url_list(good), (std::vector<std::string>{"http://127.0.0.1:8/a.jpg", "https://127.0.0.1/b.jpg"}));
  const auto refusal = [&](const std::string& content) -> std::string {
    const std::string path = dir.file("bad.txt");
    std::ofstream(path) << content;
    try {
      read_url_list(path);
    } catch (const UsageError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(refusal("http://127.0.0.1/a\n\nftp://127.0.0.1/b\n").find("bad.txt line 3 'ftp://127.0.0.1/b': give an http"),
            std::string::npos)
      << refusal("http://127.0.0.1/a\n\nftp://127.0.0.1/b\n");
  EXPECT_NE(refusal("http:///jpeg\n").find("line 1 'http:///jpeg': no host name"), std::string::npos);
  EXPECT_NE(refusal("http://u:secret@127.0.0.1:99999/x\n").find("line 1 'http://u:***@127.0.0.1:99999/x'"),
            std::string::npos)
      << "the password is redacted";
  EXPECT_NE(refusal("# nothing\n\n").find("no URL in it"), std::string::npos);
  EXPECT_NE(refusal("http://127.0.0.1/a\x1b[2J\n").find("\\x1B[2J"), std::string::npos) << "escaped";
  try {
    read_url_list(dir.file("missing.txt"));
    ADD_FAILURE() << "a missing file was read";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--urls " + dir.file("missing.txt")), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace concur::download
