// The embedded image server over real loopback HTTP: JPEGs of the asked
// size, deterministic per index, correct errors, keep-alive, and latency by
// timers (many slow requests at once on its one thread).
#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <netinet/in.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "download_support.hpp"
#include "workloads/download/checksum.hpp"
#include "workloads/download/http_client.hpp"
#include "workloads/download/image_server.hpp"

namespace concur {
namespace {

using namespace download;
using testing::http_get;
using testing::HttpReply;

std::pair<int, int> jpeg_size(const std::string& body) {
  tjhandle handle = tjInitDecompress();
  int width = 0, height = 0, subsampling = 0, colorspace = 0;
  const int rc = tjDecompressHeader3(handle, reinterpret_cast<const unsigned char*>(body.data()),
                                     body.size(), &width, &height, &subsampling, &colorspace);
  tjDestroy(handle);
  return rc == 0 ? std::pair{width, height} : std::pair{-1, -1};
}

std::uint64_t checksum(const std::string& body) {
  return BodyHash::of(reinterpret_cast<const unsigned char*>(body.data()), body.size());
}

class ImageServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { init_curl_once(); }
  ServerConfig fast() {
    ServerConfig c;
    c.latency_ms = 0;
    return c;
  }
};

TEST_F(ImageServerTest, ServesADecodableJpegOfTheAskedSize) {
  ImageServer server(fast());
  auto reply = http_get(server.base_url() + "/400/200/sports");
  ASSERT_EQ(reply.code, CURLE_OK);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.content_type, "image/jpeg");
  EXPECT_EQ(reply.content_length, std::to_string(reply.body.size()));
  EXPECT_EQ(jpeg_size(reply.body), std::pair(400, 200));
  EXPECT_EQ(jpeg_size(http_get(server.base_url() + "/123/45/cats").body), std::pair(123, 45));
}

TEST_F(ImageServerTest, EachRequestGetsAnotherImageUnlessTheIndexIsGiven) {
  ImageServer server(fast());
  const std::string url = server.base_url() + "/400/200/sports";
  EXPECT_NE(http_get(url).body, http_get(url).body);
  auto third = http_get(url + "?i=3");
  EXPECT_EQ(third.body, http_get(url + "?i=3").body);
  auto pool = server.pool().images(400, 200);
  EXPECT_EQ(checksum(third.body), JpegPool::pick(*pool, 3).checksum);
  // Another server with the same seed serves the same bytes: the gold value.
  ImageServer twin(fast());
  EXPECT_EQ(http_get(twin.base_url() + "/400/200/sports?i=3").body, third.body);
}

TEST_F(ImageServerTest, UnknownPathsAre404AndBadSizes400) {
  ImageServer server(fast());
  EXPECT_EQ(http_get(server.base_url() + "/nope").status, 404);
  EXPECT_EQ(http_get(server.base_url() + "/400/200").status, 404);
  EXPECT_EQ(http_get(server.base_url() + "/0/200/x").status, 400);
  EXPECT_EQ(http_get(server.base_url() + "/4097/10/x").status, 400);
  EXPECT_EQ(http_get(server.base_url() + "/abc/200/x").status, 400);
}

TEST_F(ImageServerTest, KeepsTheConnectionAlive) {
  ImageServer server(fast());
  CURL* curl = curl_easy_init();
  auto first = http_get(server.base_url() + "/40/20/a", curl);
  auto second = http_get(server.base_url() + "/40/20/a", curl);
  curl_easy_cleanup(curl);
  EXPECT_EQ(first.new_connections, 1);
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.new_connections, 0) << "the second request opened a new connection";
}

TEST_F(ImageServerTest, OneThreadHoldsManySlowRequestsAtOnce) {
  ServerConfig config;
  config.latency_ms = 200;
  ImageServer server(config);
  constexpr int kRequests = 200;
  CURLM* multi = curl_multi_init();
  std::vector<CURL*> handles;
  std::vector<std::string> bodies(kRequests);
  for (int i = 0; i < kRequests; ++i) {
    CURL* h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, (server.base_url() + "/40/20/x?i=" + std::to_string(i)).c_str());
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &bodies[static_cast<std::size_t>(i)]);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, +[](char* d, std::size_t s, std::size_t n, void* b) {
      static_cast<std::string*>(b)->append(d, s * n);
      return s * n;
    });
    curl_multi_add_handle(multi, h);
    handles.push_back(h);
  }
  const auto start = std::chrono::steady_clock::now();
  for (int running = 1; running > 0;) {
    curl_multi_perform(multi, &running);
    if (running > 0) curl_multi_poll(multi, nullptr, 0, 100, nullptr);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (CURL* h : handles) {
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    EXPECT_EQ(status, 200);
    curl_multi_remove_handle(multi, h);
    curl_easy_cleanup(h);
  }
  curl_multi_cleanup(multi);
  EXPECT_GE(seconds, 0.2) << "the latency was not applied";
  // One after another this would take 40 s; overlapped, about one latency.
  EXPECT_LT(seconds, 4.0);
}

TEST_F(ImageServerTest, StopsCleanlyWhileRequestsWait) {
  HttpReply reply;
  std::thread client;
  {
    ServerConfig config;
    config.latency_ms = 30'000;
    ImageServer server(config);
    client = std::thread([&, url = server.base_url() + "/40/20/x"] { reply = http_get(url); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }  // the pending reply is dropped and its connection closed
  client.join();
  EXPECT_NE(reply.code, CURLE_OK);
  EXPECT_NE(reply.code, CURLE_OPERATION_TIMEDOUT) << "the client waited for its timeout";
}

TEST_F(ImageServerTest, NamesTheAddressItCannotListenOn) {
  ImageServer first(fast());
  ServerConfig taken = fast();
  taken.port = first.port();
  try {
    ImageServer second(taken);
    FAIL() << "two servers listened on one port";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(first.port())), std::string::npos) << e.what();
  }
}

// Sends `request` on a fresh connection (stopping at the first refused
// write: the server may hang up mid-request) and returns all it answers
// until it closes or goes quiet for a second.
std::string raw_exchange(std::uint16_t port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return "connect failed";
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  char buffer[4096];
  for (pollfd p{fd, POLLIN, 0}; ::poll(&p, 1, 1000) > 0;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return answer;
}

// A read-only server takes no body: refused from the header, before any of
// the announced gigabyte is buffered.
TEST_F(ImageServerTest, ARequestBodyIsRefusedFromItsHeader) {
  ImageServer server(fast());
  const std::string answer = raw_exchange(
      server.port(), "POST /400/200/sports HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n");
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer;
  const std::string chunked = raw_exchange(
      server.port(), "POST /400/200/sports HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "40000000\r\n" + std::string(1000, 'a'));
  EXPECT_EQ(chunked.rfind("HTTP/1.1 413", 0), 0u) << chunked;
}

// Too much header (one 1 MB line, or 10,000 short ones): 431 and the
// connection closed (libevent alone would say 400 or 413), and the server
// still serves the next client.
TEST_F(ImageServerTest, OversizedHeadersAreRefused) {
  ImageServer server(fast());
  for (const std::string& headers : {"X-Big: " + std::string(1 << 20, 'a') + "\r\n",
                                     [] {
                                       std::string many;
                                       for (int i = 0; i < 10'000; ++i) many += "X-N: 1\r\n";
                                       return many;
                                     }()}) {
    const std::string answer =
        raw_exchange(server.port(), "GET /400/200/sports HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
    EXPECT_EQ(answer.rfind("HTTP/1.1 431 Request Header Fields Too Large", 0), 0u) << answer.substr(0, 100);
    EXPECT_EQ(answer.find("image/jpeg"), std::string::npos);
  }
  EXPECT_EQ(server.connections_closed().headers_too_large, 2u);
  // The other side: headers just under the limit are served.
  const std::string near_limit = raw_exchange(
      server.port(), "GET /400/200/sports HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(15'000, 'a') +
                         "\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(near_limit.rfind("HTTP/1.1 200", 0), 0u) << near_limit.substr(0, 100);
  EXPECT_EQ(http_get(server.base_url() + "/400/200/sports").status, 200);
}

// HEAD: the GET's headers and no body, so the next response on the same
// connection starts right after them.
TEST_F(ImageServerTest, HeadGetsHeadersWithoutABody) {
  ImageServer server(fast());
  const std::string answer = raw_exchange(
      server.port(), "HEAD /400/200/sports?i=0 HTTP/1.1\r\nHost: x\r\n\r\n"
                     "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const auto end_of_head = answer.find("\r\n\r\n");
  ASSERT_NE(end_of_head, std::string::npos) << answer;
  const std::string head = answer.substr(0, end_of_head);
  EXPECT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << head;
  const std::string length = "Content-Length: " +
      std::to_string(server.pool().images(400, 200)->front().bytes.size());
  EXPECT_NE(head.find(length), std::string::npos) << head;
  EXPECT_EQ(answer.substr(end_of_head + 4).rfind("HTTP/1.1 404", 0), 0u)
      << "a body followed the HEAD response";
}

// New sizes are encoded off the event loop: while one client waits for a
// huge size, the others are served from the cache meanwhile (before, they
// waited for the whole encoding); a flood of new sizes beyond the queue is
// told to retry (503) instead of queueing unbounded work.
TEST_F(ImageServerTest, EncodingANewSizeDoesNotDelayOtherClients) {
  using SteadyClock = std::chrono::steady_clock;
  ServerConfig config;
  config.latency_ms = 20;
  ImageServer server(config);
  HttpReply big;
  SteadyClock::time_point big_done;
  std::thread huge([&] {
    big = http_get(server.base_url() + "/2000/1500/big");  // four 3-megapixel images
    big_done = SteadyClock::now();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the encoder is busy now
  for (int i = 0; i < 3; ++i) EXPECT_EQ(http_get(server.base_url() + "/400/200/sports").status, 200);
  const SteadyClock::time_point cached_done = SteadyClock::now();
  huge.join();
  EXPECT_EQ(big.status, 200);
  EXPECT_LT(cached_done, big_done) << "the cached size waited for the new one to be encoded";
}

TEST_F(ImageServerTest, NewSizesBeyondTheEncodingQueueAreToldToRetry) {
  ServerConfig config = fast();
  config.max_queued_sizes = 1;
  ImageServer server(config);
  std::vector<std::thread> flood;
  std::atomic<int> busy{0}, served{0};
  for (int k = 0; k < 4; ++k)
    flood.emplace_back([&, k] {
      const HttpReply r = http_get(server.base_url() + "/1500/" + std::to_string(1000 + k) + "/x");
      if (r.status == 503) ++busy;
      if (r.status == 200) ++served;
    });
  for (auto& t : flood) t.join();
  EXPECT_GE(busy.load(), 1) << "four new sizes at once fit a queue of one";
  EXPECT_GE(served.load(), 1);
}

// Out of descriptors, the server cannot accept and its client times out in
// the backlog: the count lets that client's error say why. In a child, whose
// descriptor limit can be lowered without touching the test runner's.
TEST_F(ImageServerTest, CountsConnectionsItCouldNotAcceptForLackOfDescriptors) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const rlimit low{64, 64};
    if (::setrlimit(RLIMIT_NOFILE, &low) != 0) ::_exit(2);
    ImageServer server(fast());
    const std::uint64_t before = accepts_refused_for_descriptors();
    const int client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    std::vector<int> filler;  // every descriptor left, so accept() has none
    for (int fd; (fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;) filler.push_back(fd);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(server.port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) ::_exit(3);
    for (int i = 0; i < 500 && accepts_refused_for_descriptors() == before; ++i) ::usleep(10'000);
    const bool counted = accepts_refused_for_descriptors() > before;
    for (int fd : filler) ::close(fd);  // the server can stop normally
    ::_exit(counted ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "the child died";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: no refused accept counted; 2, 3: set-up failed";
}

// Whether the server closes `fd` within `seconds` (whatever it sends first
// is read and dropped).
bool closed_within(int fd, double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  char buffer[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count()) + 1) <= 0) continue;
    if (::recv(fd, buffer, sizeof buffer, 0) <= 0) return true;
  }
  return false;
}

std::string get_on(int fd, const std::string& path) {
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size()))
    return "send failed";
  char buffer[256];
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 5000) <= 0) return "no answer";
  const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
  return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "closed";
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// An idle connection holds a descriptor for nothing: closed after the idle
// timeout. One whose request waits out a latency longer than that is not idle.
TEST_F(ImageServerTest, IdleConnectionsCloseAfterTheIdleTimeoutBusyOnesDoNot) {
  ServerConfig config;
  config.latency_ms = 1200;
  config.connections.idle_timeout_s = 0.3;
  ImageServer server(config);
  const int idle = testing::connect_to_loopback(server.port());
  ASSERT_GE(idle, 0);
  const auto opened = std::chrono::steady_clock::now();
  EXPECT_TRUE(closed_within(idle, 5.0));
  EXPECT_GE(seconds_since(opened), 0.25) << "closed before its timeout";
  ::close(idle);
  const ConnectionCounts closed = server.connections_closed();
  EXPECT_EQ(closed.idle, 1u) << "slow headers " << closed.slow_headers << ", share " << closed.client_share
                             << ", refused " << closed.refused << ", descriptors " << closed.low_descriptors;
  EXPECT_EQ(http_get(server.base_url() + "/400/200/sports").status, 200) << "a busy connection was cut";
}

TEST_F(ImageServerTest, WithoutAnIdleTimeoutAnIdleConnectionStays) {
  ImageServer server(fast());
  const int idle = testing::connect_to_loopback(server.port());
  ASSERT_GE(idle, 0);
  EXPECT_FALSE(closed_within(idle, 1.0));
  EXPECT_EQ(get_on(idle, "/400/200/sports").rfind("HTTP/1.1 200", 0), 0u);
  ::close(idle);
  EXPECT_EQ(server.connections_closed().idle, 0u);
}

// A client trickling a header line at a time never stays silent long enough
// for the idle timeout: the header deadline runs from the request's first byte.
TEST_F(ImageServerTest, SlowHeadersAreClosedAtTheHeaderDeadline) {
  ServerConfig config = fast();
  config.connections.header_timeout_s = 0.5;
  ImageServer server(config);
  const int slow = testing::connect_to_loopback(server.port());
  ASSERT_GE(slow, 0);
  const auto started = std::chrono::steady_clock::now();
  const std::string first = "GET /400/200/sports HTTP/1.1\r\n";
  ASSERT_EQ(::send(slow, first.data(), first.size(), MSG_NOSIGNAL), static_cast<ssize_t>(first.size()));
  bool closed = false;
  while (!closed && seconds_since(started) < 5) {
    closed = ::send(slow, "X-A: b\r\n", 8, MSG_NOSIGNAL) != 8 || closed_within(slow, 0.1);
  }
  EXPECT_TRUE(closed);
  EXPECT_GE(seconds_since(started), 0.45) << "closed before its deadline";
  ::close(slow);
  EXPECT_EQ(server.connections_closed().slow_headers, 1u);

  // The other side: a request sent in two halves, in time, is served.
  const int halves = testing::connect_to_loopback(server.port());
  ASSERT_GE(halves, 0);
  ASSERT_EQ(::send(halves, first.data(), first.size(), MSG_NOSIGNAL), static_cast<ssize_t>(first.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  const std::string rest = "Host: x\r\n\r\n";
  ASSERT_EQ(::send(halves, rest.data(), rest.size(), MSG_NOSIGNAL), static_cast<ssize_t>(rest.size()));
  char buffer[64];
  pollfd p{halves, POLLIN, 0};
  ASSERT_GT(::poll(&p, 1, 5000), 0);
  const ssize_t n = ::recv(halves, buffer, sizeof buffer, 0);
  EXPECT_EQ(std::string(buffer, static_cast<std::size_t>(std::max<ssize_t>(n, 0))).rfind("HTTP/1.1 200", 0), 0u);
  ::close(halves);
}

// Beyond one address's share, its oldest idle connection makes room for the
// new one; when all of them are busy, the new one is refused instead.
TEST_F(ImageServerTest, AClientsShareShedsItsOldestIdleConnection) {
  ServerConfig config = fast();
  config.connections.max_per_client = 2;
  ImageServer server(config);
  const int oldest = testing::connect_to_loopback(server.port());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const int second = testing::connect_to_loopback(server.port());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_FALSE(closed_within(oldest, 0.2)) << "closed within its share";
  const int third = testing::connect_to_loopback(server.port());
  ASSERT_TRUE(oldest >= 0 && second >= 0 && third >= 0);
  EXPECT_TRUE(closed_within(oldest, 3.0));
  EXPECT_FALSE(closed_within(second, 0.3));
  EXPECT_EQ(get_on(third, "/400/200/sports").rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_EQ(server.connections_closed().client_share, 1u);
  EXPECT_EQ(server.connections_closed().refused, 0u);
  for (int fd : {oldest, second, third}) ::close(fd);
}

TEST_F(ImageServerTest, OverItsShareWithEveryConnectionBusyTheNewOneIsRefused) {
  ServerConfig config;
  config.latency_ms = 1500;
  config.connections.max_per_client = 2;
  ImageServer server(config);
  std::vector<std::thread> busy;
  std::atomic<int> served{0};
  for (int i = 0; i < 2; ++i)
    busy.emplace_back([&] { served += http_get(server.base_url() + "/400/200/sports").status == 200; });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // both requests under way
  const int extra = testing::connect_to_loopback(server.port());
  ASSERT_GE(extra, 0);
  EXPECT_TRUE(closed_within(extra, 1.0));
  ::close(extra);
  for (auto& t : busy) t.join();
  EXPECT_EQ(served.load(), 2) << "a busy connection was shed";
  EXPECT_EQ(server.connections_closed().refused, 1u);
}

// libevent writes replies with writev(): a client that resets the connection
// mid-reply must cost that reply, not the process (SIGPIPE).
TEST_F(ImageServerTest, AClientGoneMidReplyDoesNotKillTheServer) {
  ImageServer server(fast());
  for (int i = 0; i < 5; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int small = 4096;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(server.port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    const std::string request = "GET /400/200/sports HTTP/1.1\r\nHost: x\r\n\r\n";
    ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
    char first[16];
    pollfd p{fd, POLLIN, 0};
    ASSERT_GT(::poll(&p, 1, 5000), 0);
    ASSERT_GT(::recv(fd, first, sizeof first, 0), 0);  // the reply has begun
    const linger reset{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    ::close(fd);
  }
  EXPECT_EQ(http_get(server.base_url() + "/400/200/sports").status, 200);
}

// Descriptors running low, each new connection sheds the oldest idle one, so
// a real client still gets in past a crowd of idle ones. In a child, whose
// descriptor limit can be lowered without touching the test runner's.
int crowd_then_get(rlim_t descriptors, std::uint64_t& shed) {
  const rlimit low{descriptors, descriptors};
  if (::setrlimit(RLIMIT_NOFILE, &low) != 0) return 2;
  ServerConfig config;
  config.latency_ms = 0;
  ImageServer server(config);
  std::vector<int> crowd;
  for (int i = 0; i < 26; ++i) {
    const int fd = testing::connect_to_loopback(server.port());
    if (fd < 0) return 3;
    crowd.push_back(fd);
    ::usleep(20'000);  // adopted, one at a time
  }
  const int client = testing::connect_to_loopback(server.port());
  const bool served = client >= 0 && get_on(client, "/400/200/sports").rfind("HTTP/1.1 200", 0) == 0;
  shed = server.connections_closed().low_descriptors;
  return served ? 0 : 1;
}

TEST_F(ImageServerTest, LowOnDescriptorsTheOldestIdleConnectionGoesFirst) {
  for (const auto& [descriptors, expect_shedding] : {std::pair<rlim_t, bool>{64, true}, {1024, false}}) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      std::uint64_t shed = 0;
      const int rc = crowd_then_get(descriptors, shed);
      ::_exit(rc != 0 ? rc : (shed > 0) == expect_shedding ? 0 : 4);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status)) << "the child died";
    EXPECT_EQ(WEXITSTATUS(status), 0) << descriptors << " descriptors: 1: the client was not served; 2, 3: "
                                      << "set-up failed; 4: shed " << (expect_shedding ? "none" : "some");
  }
}

TEST_F(ImageServerTest, ServeCeilingRefusesLargerSizes) {
  ServerConfig config = fast();
  config.max_side = 1000;
  ImageServer server(config);
  EXPECT_EQ(http_get(server.base_url() + "/1000/10/x").status, 200);
  EXPECT_EQ(http_get(server.base_url() + "/1001/10/x").status, 400);
}

}  // namespace
}  // namespace concur
