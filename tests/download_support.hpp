// Test helpers for the download workload: a libcurl GET into memory, a
// private TMPDIR per test, and a fault-injecting HTTP server on 127.0.0.1
// (raw sockets, one thread) that misbehaves in one chosen way.
#pragma once

#include <curl/curl.h>
#include <turbojpeg.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "temp_dir.hpp"

namespace concur::testing {

struct HttpReply {
  CURLcode code = CURLE_OK;
  long status = 0;
  long new_connections = 0;
  std::string content_type;
  std::string content_length;
  std::string body;
};

// GET with `curl` (a reused handle keeps its connection) or a fresh handle.
inline HttpReply http_get(const std::string& url, CURL* curl = nullptr) {
  CURL* handle = curl ? curl : curl_easy_init();
  HttpReply reply;
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION,
                   +[](char* data, std::size_t size, std::size_t count, void* body) {
                     static_cast<std::string*>(body)->append(data, size * count);
                     return size * count;
                   });
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &reply);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION,
                   +[](char* data, std::size_t size, std::size_t count, void* out) {
                     std::string line(data, size * count);
                     auto* r = static_cast<HttpReply*>(out);
                     if (line.rfind("Content-Length: ", 0) == 0)
                       r->content_length = line.substr(16, line.find('\r') - 16);
                     return size * count;
                   });
  reply.code = curl_easy_perform(handle);
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_easy_getinfo(handle, CURLINFO_NUM_CONNECTS, &reply.new_connections);
  const char* type = nullptr;
  curl_easy_getinfo(handle, CURLINFO_CONTENT_TYPE, &type);
  if (type) reply.content_type = type;
  if (!curl) curl_easy_cleanup(handle);
  return reply;
}

// html_page: a 200 text/html body; huge_length: Content-Length of 2 GiB and
// no body; endless: a JPEG start then data until the client hangs up.
enum class Misbehaviour { status_404, status_500, truncated_body, stall, not_jpeg, flaky, html_page,
                          huge_length, endless, framed_html, giant_header };

// Answers every request on 127.0.0.1:port() in one bad way. `flaky` fails
// the first request with 500 and serves a tiny valid JPEG to every later one.
class FaultServer {
 public:
  explicit FaultServer(Misbehaviour mode) : mode_(mode) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listen_fd_, 64);
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~FaultServer() {
    stop_ = true;
    thread_.join();
    for (int fd : held_) ::close(fd);
    ::close(listen_fd_);
  }
  FaultServer(const FaultServer&) = delete;
  FaultServer& operator=(const FaultServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/400/200/sports"; }
  int requests() const { return requests_; }
  std::uint64_t streamed() const { return streamed_; }  // bytes sent by `endless`

  // A real 8x8 grey JPEG: its header must decode.
  static std::string tiny_jpeg() {
    tjhandle handle = tjInitCompress();
    const std::vector<unsigned char> grey(64, 128);
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    tjCompress2(handle, grey.data(), 8, 0, 8, TJPF_GRAY, &jpeg, &size, TJSAMP_GRAY, 90, 0);
    std::string bytes(reinterpret_cast<const char*>(jpeg), size);
    tjFree(jpeg);
    tjDestroy(handle);
    return bytes;
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      read_request(fd);
      const int n = requests_++;
      std::string response;
      switch (mode_) {
        case Misbehaviour::status_404: response = reply("404 Not Found", "text/plain", "no such image"); break;
        case Misbehaviour::status_500: response = reply("500 Internal Server Error", "text/plain", "oops"); break;
        case Misbehaviour::truncated_body:
          response = "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 1000\r\n\r\n\xFF\xD8 only part";
          break;
        case Misbehaviour::not_jpeg: response = reply("200 OK", "image/jpeg", "<html>not an image</html>"); break;
        case Misbehaviour::flaky:
          response = n == 0 ? reply("500 Internal Server Error", "text/plain", "try again")
                                : reply("200 OK", "image/jpeg", tiny_jpeg());
          break;
        case Misbehaviour::stall: held_.push_back(fd); continue;  // never answers
        case Misbehaviour::html_page: response = reply("200 OK", "text/html", "<html>Sorry</html>"); break;
        case Misbehaviour::huge_length:
          response = "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 2147483648\r\n\r\n";
          break;
        case Misbehaviour::endless: stream_forever(fd); continue;
        // JPEG's first and last two bytes around an HTML page.
        case Misbehaviour::framed_html:
          response = reply("200 OK", "image/jpeg", "\xFF\xD8<html>an error page</html>\xFF\xD9");
          break;
        case Misbehaviour::giant_header:  // one 10 MB header line
          response = "HTTP/1.1 200 OK\r\nX-Big: " + std::string(10 << 20, 'a') + "\r\n\r\n";
          break;
      }
      // MSG_NOSIGNAL: a client that gave up must not raise SIGPIPE in the test.
      for (std::size_t sent = 0; sent < response.size();) {
        const ssize_t wrote = ::send(fd, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
        if (wrote <= 0) break;
        sent += static_cast<std::size_t>(wrote);
      }
      ::close(fd);
    }
  }
  // Writes until the client closes (MSG_NOSIGNAL: no SIGPIPE for the test).
  void stream_forever(int fd) {
    std::string chunk = "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nConnection: close\r\n\r\n\xFF\xD8";
    while (!stop_) {
      pollfd p{fd, POLLOUT, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      if (::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL) < 0) break;
      streamed_ += chunk.size();
      chunk.assign(64 * 1024, 'x');
    }
    ::close(fd);
  }
  static void read_request(int fd) {
    std::string request;
    char buffer[2048];
    while (request.find("\r\n\r\n") == std::string::npos) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 2000) <= 0) return;
      ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n <= 0) return;
      request.append(buffer, static_cast<std::size_t>(n));
    }
  }
  static std::string reply(const std::string& status, const std::string& type, const std::string& body) {
    return "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  }

  Misbehaviour mode_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::atomic<std::uint64_t> streamed_{0};
  std::vector<int> held_;  // stalled connections, closed at the end
  std::thread thread_;
};

// A port on 127.0.0.1 where nothing listens: bound, then closed.
// A TCP connection to 127.0.0.1:port, or -1.
inline int connect_to_loopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline std::uint16_t closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace concur::testing
