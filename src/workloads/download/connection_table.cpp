#include "workloads/download/connection_table.hpp"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <chrono>
#include <iterator>
#include <vector>

#include <fmt/format.h>

namespace concur::download {
namespace {

ino_t socket_inode(int fd) {
  struct stat status{};
  if (fd < 0 || ::fstat(fd, &status) != 0 || !S_ISSOCK(status.st_mode)) return 0;
  return status.st_ino;
}

std::string peer_address(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return "?";
  char text[INET6_ADDRSTRLEN] = "?";
  if (address.ss_family == AF_INET6)
    ::inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&address)->sin6_addr, text, sizeof text);
  else if (address.ss_family == AF_INET)
    ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&address)->sin_addr, text, sizeof text);
  return text;
}

bool past(ConnectionTable::Clock::time_point since, double seconds, ConnectionTable::Clock::time_point now) {
  return seconds > 0 && std::chrono::duration<double>(now - since).count() > seconds;
}

}  // namespace

ConnectionTable::ConnectionTable(const ConnectionLimits& limits, int descriptor_limit)
    : limits_(limits), descriptor_limit_(descriptor_limit) {}

// Nothing to undo: the server frees evhttp, and with it every buffer our
// callback is on, before the table goes.
ConnectionTable::~ConnectionTable() = default;

bool ConnectionTable::alive(int fd, const Entry& entry) const {
  return entry.inode != 0 && socket_inode(fd) == entry.inode;
}

// No request under way, none arriving, and nothing left to send.
bool ConnectionTable::idle(const Entry& entry) const {
  return !entry.shut && entry.requests == 0 && !entry.header_started &&
         evbuffer_get_length(bufferevent_get_output(entry.events)) == 0;
}

// Counted first: a client that sees the end of the stream may ask at once.
void ConnectionTable::shut(int fd, Entry& entry, std::atomic<std::uint64_t>& reason) {
  reason.fetch_add(1);
  entry.shut = true;
  release_share(entry.client);
  ::shutdown(fd, SHUT_RDWR);
}

void ConnectionTable::release_share(const std::string& client) {
  if (auto share = per_client_.find(client); share != per_client_.end() && --share->second == 0)
    per_client_.erase(share);
}

// The first byte of a request starts its header deadline.
void ConnectionTable::on_input(evbuffer* buffer, const evbuffer_cb_info* info, void* self) {
  if (info->n_added == 0) return;
  auto& table = *static_cast<ConnectionTable*>(self);
  const auto fd = table.fd_of_input_.find(buffer);
  if (fd == table.fd_of_input_.end()) return;
  const auto found = table.entries_.find(fd->second);
  if (found == table.entries_.end()) return;
  Entry& entry = found->second;
  if (entry.requests > 0 || entry.shut) return;
  if (!entry.header_started) {
    entry.header_started = true;
    entry.first_byte = Clock::now();
    entry.header_bytes = 0;
  }
  entry.header_bytes += info->n_added;
  const std::size_t most = table.limits_.max_header_bytes;
  if (most > 0 && entry.header_bytes > most) table.refuse_headers(fd->second, entry);
}

// Answered here, before evhttp has parsed these bytes, since evhttp has no
// 431; written straight to the socket, whose buffer is empty while a request
// is still arriving, then the write side shut so the client reads it whole.
void ConnectionTable::refuse_headers(int fd, Entry& entry) {
  if (evbuffer_get_length(bufferevent_get_output(entry.events)) > 0) return;  // evhttp is answering
  const std::string body = fmt::format("Request line and headers over {} bytes\n", limits_.max_header_bytes);
  const std::string reply = fmt::format(
      "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain\r\n"
      "Content-Length: {}\r\nConnection: close\r\n\r\n{}",
      body.size(), body);
  headers_too_large_.fetch_add(1);
  [[maybe_unused]] const ssize_t sent = ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(fd, SHUT_WR);
  entry.shut = true;
  release_share(entry.client);
}

void ConnectionTable::forget(std::unordered_map<int, Entry>::iterator it) {
  const Entry& entry = it->second;
  if (!entry.shut) release_share(entry.client);
  fd_of_input_.erase(bufferevent_get_input(entry.events));
  entries_.erase(it);
}

void ConnectionTable::adopt(bufferevent* events, Clock::time_point now) {
  const int fd = bufferevent_getfd(events);
  const ino_t inode = socket_inode(fd);
  if (inode == 0) return;
  // A number the kernel reused: whatever had it is gone.
  if (auto old = entries_.find(fd); old != entries_.end()) forget(old);
  Entry& entry = entries_[fd];
  entry.inode = inode;
  entry.client = peer_address(fd);
  entry.events = events;
  entry.since = now;
  evbuffer* input = bufferevent_get_input(events);
  fd_of_input_[input] = fd;
  evbuffer_add_cb(input, &ConnectionTable::on_input, this);

  const std::string client = entry.client;
  ++per_client_[client];

  // Over its share: the counts may still hold connections that have gone.
  if (limits_.max_per_client > 0 && per_client_[client] > limits_.max_per_client) {
    forget_dead();
    if (per_client_[client] > limits_.max_per_client) {
      if (const int victim = oldest_idle(&client, fd); victim >= 0)
        shut(victim, entries_.at(victim), client_share_);
      else
        shut(fd, entries_.at(fd), refused_);
    }
  }
  // Descriptors are handed out lowest first, so a new one this high means
  // few are left.
  if (descriptor_limit_ > 0 && fd >= descriptor_limit_ - limits_.descriptors_in_reserve) shed_oldest_idle(fd);
}

ConnectionTable::Key ConnectionTable::request_started(bufferevent* events) {
  const int fd = events ? bufferevent_getfd(events) : -1;
  auto found = entries_.find(fd);
  if (found == entries_.end()) return {};
  Entry& entry = found->second;
  ++entry.requests;
  entry.header_started = false;
  return {fd, entry.inode};
}

void ConnectionTable::request_finished(Key key, Clock::time_point now) {
  auto found = entries_.find(key.fd);
  if (found == entries_.end() || found->second.inode != key.inode) return;  // the client hung up
  Entry& entry = found->second;
  if (entry.requests > 0) --entry.requests;
  entry.since = now;
}

void ConnectionTable::forget_dead() {
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto next = std::next(it);
    if (!alive(it->first, it->second)) forget(it);
    it = next;
  }
}

void ConnectionTable::sweep(Clock::time_point now) {
  // With no deadline to keep, the dead need forgetting only now and then
  // (a descriptor check each, for thousands of connections).
  constexpr int kSweepsPerCleanUp = 25;
  if (limits_.idle_timeout_s <= 0 && limits_.header_timeout_s <= 0 && ++quiet_sweeps_ % kSweepsPerCleanUp != 0)
    return;
  forget_dead();
  for (auto& [fd, entry] : entries_) {
    if (entry.shut || entry.requests > 0) continue;
    if (entry.header_started) {
      if (past(entry.first_byte, limits_.header_timeout_s, now)) shut(fd, entry, slow_headers_);
    } else if (idle(entry) && past(entry.since, limits_.idle_timeout_s, now)) {
      shut(fd, entry, idle_);
    }
  }
}

int ConnectionTable::oldest_idle(const std::string* client, int except) const {
  int oldest = -1;
  Clock::time_point oldest_since{};
  for (const auto& [fd, entry] : entries_) {
    if (fd == except || !idle(entry) || (client && entry.client != *client)) continue;
    if (oldest < 0 || entry.since < oldest_since) {
      oldest = fd;
      oldest_since = entry.since;
    }
  }
  return oldest;
}

bool ConnectionTable::shed_oldest_idle(int except) {
  forget_dead();
  const int victim = oldest_idle(nullptr, except);
  if (victim < 0) return false;
  shut(victim, entries_.at(victim), low_descriptors_);
  return true;
}

ConnectionCounts ConnectionTable::counts() const {
  // Counted before the shutdown a client may have seen: ordered, not relaxed.
  return {idle_.load(), slow_headers_.load(), client_share_.load(), refused_.load(), low_descriptors_.load(),
          headers_too_large_.load()};
}

}  // namespace concur::download
