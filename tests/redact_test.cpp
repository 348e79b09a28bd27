// Passwords in URLs never reach what concur-bench shows or saves.
#include <gtest/gtest.h>

#include "core/redact.hpp"

namespace concur {
namespace {

TEST(RedactCredentials, ThePasswordOfEveryUrlIsHidden) {
  EXPECT_EQ(redact_credentials("http://ann:secret@127.0.0.1:8080/img/{i}.jpg"),
            "http://ann:***@127.0.0.1:8080/img/{i}.jpg");
  EXPECT_EQ(redact_credentials("GET https://a:b@h/x: 404; then http://c:d%40e@k?q=1"),
            "GET https://a:***@h/x: 404; then http://c:***@k?q=1");
  EXPECT_EQ(redact_credentials("concur-bench download --url 'http://u:p@h' --images 3"),
            "concur-bench download --url 'http://u:***@h' --images 3");
  EXPECT_EQ(redact_credentials("http://u:p@h"), "http://u:***@h");
}

// The other side: nothing without a password changes.
TEST(RedactCredentials, LeavesTextWithoutAPasswordAsItIs) {
  for (const char* text : {"", "no url here", "http://127.0.0.1:8080/x.jpg", "http://ann@host/x", "http://ann@host:8080/x",
                           "http://host/a:b@c", "http://host:80?x=a:b@c", "mailto:a:b@c", "://", "x://"})
    EXPECT_EQ(redact_credentials(text), text) << text;
}

}  // namespace
}  // namespace concur
