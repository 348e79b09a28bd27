#include "workloads/download/image_server.hpp"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <event2/thread.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <map>
#include <utility>
#include <optional>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "core/fork_quiescence.hpp"
#include "workloads/download/background_encoder.hpp"

namespace concur::download {
namespace {

// More than the default 128, so a thousand simultaneous connects are not
// dropped and retried a second later by the client's TCP stack.
constexpr int kListenBacklog = 4096;
// How often idle and slow connections are looked for: the timeouts are
// this much late at most.
constexpr timeval kSweepPeriod{0, 200'000};
// A read-only server takes no request body: libevent answers 413 as soon as
// Content-Length (or the first chunk) says otherwise, before buffering any.
constexpr ev_ssize_t kMaxBodyBytes = 0;
// Request line plus headers; beyond it the connection table answers 431 and
// closes the connection instead of buffering more. evhttp's own limit (it
// answers 413 or 400) is a little higher, so the table speaks first.
constexpr std::size_t kMaxHeaderBytes = 16 * 1024;

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto end = path.find('/');
    parts.push_back(path.substr(0, end));
    path = end == std::string_view::npos ? std::string_view{} : path.substr(end);
  }
  return parts;
}

bool parse_number(std::string_view text, std::uint64_t& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

// "i=3&x=y" -> 3, when present and numeric.
bool query_index(const char* query, std::uint64_t& index) {
  if (!query) return false;
  std::string_view rest(query);
  while (!rest.empty()) {
    auto end = rest.find('&');
    std::string_view item = rest.substr(0, end);
    if (item.starts_with("i=") && parse_number(item.substr(2), index)) return true;
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
  }
  return false;
}

int listen_on(const std::string& address, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(address.c_str(), service.c_str(), &hints, &found); rc != 0)
    throw std::runtime_error(fmt::format("cannot listen on '{}': {} (give a numeric address such as "
                                         "127.0.0.1)", address, ::gai_strerror(rc)));
  const int fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int err = errno;
  if (fd >= 0) {
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, found->ai_addr, found->ai_addrlen) != 0 || ::listen(fd, kListenBacklog) != 0) {
      err = errno;
      ::close(fd);
      ::freeaddrinfo(found);
      throw std::runtime_error(
          fmt::format("cannot listen on {} port {}: {}", address, port, std::strerror(err)));
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) throw std::runtime_error(fmt::format("socket: {}", std::strerror(err)));
  return fd;
}

std::uint16_t bound_port(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

std::atomic<std::uint64_t> refused_for_descriptors{0};

// The servers' connections by listener: libevent gives the listener's error
// callback evhttp's argument, so it finds its server's table here.
std::mutex& servers_mutex() {
  static std::mutex mutex;
  return mutex;
}
std::unordered_map<evconnlistener*, ConnectionTable*>& servers_by_listener() {
  static std::unordered_map<evconnlistener*, ConnectionTable*> servers;
  return servers;
}

int descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 0;
  return static_cast<int>(std::min<rlim_t>(limit.rlim_cur, INT32_MAX));
}

}  // namespace

std::uint64_t accepts_refused_for_descriptors() {
  return refused_for_descriptors.load(std::memory_order_relaxed);
}

struct ImageServer::State {
  // A request waiting out its simulated latency.
  struct Pending {
    State* server;
    evhttp_request* request;
    event* timer = nullptr;
    std::shared_ptr<const JpegPool::Images> images;  // null while its size is being encoded
    std::uint64_t index;
    ConnectionTable::Key connection{};
    ~Pending() {
      if (timer) event_free(timer);
    }
  };
  using Size = BackgroundEncoder::Size;

  ServerConfig config;
  JpegPool pool;
  std::string host;
  std::uint16_t port = 0;
  event_base* base = nullptr;
  evhttp* http = nullptr;
  // Activated from another thread to stop the loop; unlike a bare
  // event_base_loopbreak it is not lost if the loop has not started yet.
  event* stop = nullptr;
  std::thread thread;
  // Activated by a fork anywhere in the process: the loop thread parks in
  // its callback, holding no lock, until the fork is done.
  event* park = nullptr;
  std::optional<ForkQuiescence::Registration> parking;
  std::uint64_t next_index = 0;  // rotation when the client names none; loop thread only
  std::unordered_map<Pending*, std::unique_ptr<Pending>> pending;  // loop thread only
  std::map<Size, std::vector<Pending*>> awaiting_encoding;            // loop thread only
  // Sizes the encoder finished, handed to the loop thread by `encoded`.
  std::mutex finished_mutex;
  std::vector<std::pair<Size, std::shared_ptr<const JpegPool::Images>>> finished;
  event* encoded = nullptr;
  std::unique_ptr<BackgroundEncoder> encoder;
  // Open connections, to shed the idle and slow ones (loop thread only).
  ConnectionTable connections;
  // Made by evhttp for connections accepted this turn of the loop, held by a
  // reference until `adopt` gives them to the table.
  std::vector<bufferevent*> accepted;
  event* adopt = nullptr;
  event* sweep = nullptr;
  evconnlistener* listener = nullptr;  // its error callback is given evhttp, not us

  explicit State(const ServerConfig& c)
      : config(c), pool(c.seed), connections(with_header_limit(c.connections), descriptor_limit()) {}

  static ConnectionLimits with_header_limit(ConnectionLimits limits) {
    if (limits.max_header_bytes == 0) limits.max_header_bytes = kMaxHeaderBytes;
    return limits;
  }

  // evhttp asks for the events of each new connection before it sets their
  // descriptor; the table takes them later this turn, once it has been set.
  static bufferevent* new_connection(event_base* base, void* self) {
    auto& s = *static_cast<State*>(self);
    bufferevent* events = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
    if (!events) return nullptr;  // evhttp then makes its own, untracked
    bufferevent_incref(events);
    s.accepted.push_back(events);
    event_active(s.adopt, EV_READ, 0);
    return events;
  }

  static void on_adopt(evutil_socket_t, short, void* self) {
    auto& s = *static_cast<State*>(self);
    const auto now = ConnectionTable::Clock::now();
    for (bufferevent* events : std::exchange(s.accepted, {})) {
      // evhttp clears the callbacks of the connections it freed.
      bufferevent_data_cb read = nullptr;
      bufferevent_getcb(events, &read, nullptr, nullptr, nullptr);
      if (read) s.connections.adopt(events, now);
      bufferevent_decref(events);
    }
  }

  ConnectionTable::Key request_begins(evhttp_request* request) {
    evhttp_connection* connection = evhttp_request_get_connection(request);
    return connections.request_started(connection ? evhttp_connection_get_bufferevent(connection) : nullptr);
  }
  void request_done(ConnectionTable::Key key) { connections.request_finished(key, ConnectionTable::Clock::now()); }

  static void on_request(evhttp_request* request, void* self) {
    static_cast<State*>(self)->handle(request);
  }

  void handle(evhttp_request* request) {
    const ConnectionTable::Key connection = request_begins(request);
    if (!handle(request, connection)) request_done(connection);
  }

  // False when answered at once; true when a Pending now owns the request.
  bool handle(evhttp_request* request, ConnectionTable::Key connection) {
    const evhttp_uri* uri = evhttp_request_get_evhttp_uri(request);
    const char* path = uri ? evhttp_uri_get_path(uri) : nullptr;
    auto parts = split_path(path ? path : "");
    if (parts.size() != 3) {
      evhttp_send_error(request, HTTP_NOTFOUND,
                        fmt::format("Not Found: try /{}/{}/sports", kDefaultImageWidth, kDefaultImageHeight).c_str());
      return false;
    }
    std::uint64_t width = 0, height = 0;
    const auto max_side = static_cast<std::uint64_t>(config.max_side);
    if (!parse_number(parts[0], width) || !parse_number(parts[1], height) || width < 1 ||
        height < 1 || width > max_side || height > max_side) {
      evhttp_send_error(request, HTTP_BADREQUEST,
                        fmt::format("Bad size: width and height must be 1..{}", max_side).c_str());
      return false;
    }
    std::uint64_t index = 0;
    if (!query_index(evhttp_uri_get_query(uri), index)) index = next_index++;
    const Size size{static_cast<int>(width), static_cast<int>(height)};
    auto owned = std::make_unique<Pending>(
        Pending{this, request, nullptr, pool.find(size.first, size.second), index, connection});
    Pending* p = owned.get();
    if (!p->images) {  // a new size: encoded off this thread, the request waits
      if (!encoder->submit(size)) {
        evhttp_add_header(evhttp_request_get_output_headers(request), "Retry-After", "1");
        evhttp_send_error(request, HTTP_SERVUNAVAIL, "Busy encoding other new sizes: retry");
        return false;
      }
      awaiting_encoding[size].push_back(p);
      pending.emplace(p, std::move(owned));
      return true;
    }
    pending.emplace(p, std::move(owned));
    wait_latency(p);
    return true;
  }

  // The reply is sent (or its client gone): the request and its Pending end.
  void done(Pending* p) {
    request_done(p->connection);
    pending.erase(p);
  }

  // The simulated latency, then the reply (at once without latency).
  void wait_latency(Pending* p) {
    if (config.latency_ms <= 0) {
      reply(*p);
      done(p);
      return;
    }
    p->timer = evtimer_new(base, on_timer, p);
    const auto micros = static_cast<long>(std::llround(config.latency_ms * 1000));
    timeval delay{micros / 1'000'000, micros % 1'000'000};
    evtimer_add(p->timer, &delay);
  }

  // Loop thread: the requests waiting for a size the encoder just finished.
  static void on_encoded(evutil_socket_t, short, void* self) {
    auto& s = *static_cast<State*>(self);
    std::vector<std::pair<Size, std::shared_ptr<const JpegPool::Images>>> done;
    {
      std::lock_guard lock(s.finished_mutex);
      done.swap(s.finished);
    }
    for (auto& [size, images] : done) {
      auto waiting = s.awaiting_encoding.extract(size);
      if (waiting.empty()) continue;
      for (Pending* p : waiting.mapped()) {
        if (!images) {
          evhttp_send_error(p->request, HTTP_INTERNAL, "Encoding failed");
          s.done(p);
          continue;
        }
        p->images = images;
        s.wait_latency(p);
      }
    }
  }

  static void on_timer(evutil_socket_t, short, void* arg) {
    auto* p = static_cast<Pending*>(arg);
    State* self = p->server;
    self->reply(*p);
    self->done(p);
  }

  static void reply(const Pending& p) {
    const JpegImage& image = JpegPool::pick(*p.images, p.index);
    evkeyvalq* headers = evhttp_request_get_output_headers(p.request);
    evhttp_add_header(headers, "Content-Type", "image/jpeg");
    evhttp_add_header(headers, "Content-Length", std::to_string(image.bytes.size()).c_str());
    evhttp_add_header(headers, "Cache-Control", "no-store");
    evhttp_add_header(headers, "X-Image-Index", std::to_string(p.index % p.images->size()).c_str());
    // HEAD: the same headers, Content-Length included, and no body.
    if (evhttp_request_get_command(p.request) != EVHTTP_REQ_HEAD)
      evbuffer_add(evhttp_request_get_output_buffer(p.request), image.bytes.data(), image.bytes.size());
    evhttp_send_reply(p.request, HTTP_OK, "OK", nullptr);
  }

  ~State() {
    parking.reset();  // before the loop stops: nobody would answer
    if (thread.joinable()) {
      event_active(stop, EV_READ, 0);
      thread.join();
    }
    encoder.reset();  // after the loop: nothing submits any more
    if (listener) {
      std::lock_guard lock(servers_mutex());
      servers_by_listener().erase(listener);
    }
    if (stop) event_free(stop);
    if (park) event_free(park);
    if (encoded) event_free(encoded);
    if (adopt) event_free(adopt);
    if (sweep) event_free(sweep);
    for (bufferevent* events : accepted) bufferevent_decref(events);
    for (auto& [p, owned] : pending) {
      // A request whose client hung up belongs to us alone now.
      if (!evhttp_request_get_connection(p->request)) evhttp_request_free(p->request);
    }
    pending.clear();
    if (http) evhttp_free(http);
    if (base) event_base_free(base);
  }
};

ImageServer::ImageServer(const ServerConfig& config) : state_(std::make_unique<State>(config)) {
  static std::once_flag threads_enabled;
  std::call_once(threads_enabled, [] { evthread_use_pthreads(); });
  State& s = *state_;
  const int fd = listen_on(config.bind, config.port);
  s.port = bound_port(fd);
  s.host = config.bind.find(':') == std::string::npos ? config.bind : "[" + config.bind + "]";
  s.pool.images(config.warm_width, config.warm_height);
  // A precise clock: libevent's default (CLOCK_MONOTONIC_COARSE) can end a
  // latency timer a few milliseconds before the latency asked for.
  if (event_config* options = event_config_new()) {
    event_config_set_flag(options, EVENT_BASE_FLAG_PRECISE_TIMER);
    s.base = event_base_new_with_config(options);
    event_config_free(options);
  }
  s.http = s.base ? evhttp_new(s.base) : nullptr;
  evhttp_bound_socket* bound = s.http ? evhttp_accept_socket_with_handle(s.http, fd) : nullptr;
  if (!bound) {
    ::close(fd);
    throw std::runtime_error("cannot start the image server's event loop");
  }
  // Out of descriptors, accept() fails and the socket stays readable: pause
  // accepting for 20 ms instead of spinning on it.
  // Shedding the oldest idle connection frees a descriptor on evhttp's next
  // read of it, so the pause ends the sooner.
  evconnlistener_set_error_cb(evhttp_bound_socket_get_listener(bound), [](evconnlistener* listener, void*) {
    const int error = EVUTIL_SOCKET_ERROR();
    if (error == EMFILE || error == ENFILE) {
      refused_for_descriptors.fetch_add(1, std::memory_order_relaxed);
      std::lock_guard lock(servers_mutex());
      if (auto server = servers_by_listener().find(listener); server != servers_by_listener().end())
        server->second->shed_oldest_idle();
    }
    evconnlistener_disable(listener);
    const timeval pause{0, 20'000};
    event_base_once(evconnlistener_get_base(listener), -1, EV_TIMEOUT, [](evutil_socket_t, short, void* l) {
      evconnlistener_enable(static_cast<evconnlistener*>(l));
    }, listener, &pause);
  });
  s.listener = evhttp_bound_socket_get_listener(bound);
  {
    std::lock_guard lock(servers_mutex());
    servers_by_listener()[s.listener] = &s.connections;
  }
  s.encoded = event_new(s.base, -1, 0, &State::on_encoded, &s);
  s.adopt = event_new(s.base, -1, 0, &State::on_adopt, &s);
  s.sweep = event_new(s.base, -1, EV_PERSIST, [](evutil_socket_t, short, void* self) {
    static_cast<State*>(self)->connections.sweep(ConnectionTable::Clock::now());
  }, &s);
  event_add(s.sweep, &kSweepPeriod);
  evhttp_set_bevcb(s.http, &State::new_connection, &s);
  s.encoder = std::make_unique<BackgroundEncoder>(
      s.pool, config.max_queued_sizes,
      [&s](BackgroundEncoder::Size size, std::shared_ptr<const JpegPool::Images> images) {
        {
          std::lock_guard lock(s.finished_mutex);
          s.finished.emplace_back(size, std::move(images));
        }
        event_active(s.encoded, EV_READ, 0);
      });
  s.stop = event_new(s.base, -1, 0, [](evutil_socket_t, short, void* base) {
    event_base_loopbreak(static_cast<event_base*>(base));
  }, s.base);
  evhttp_set_allowed_methods(s.http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD);
  evhttp_set_max_body_size(s.http, kMaxBodyBytes);
  evhttp_set_max_headers_size(s.http, static_cast<ev_ssize_t>(2 * kMaxHeaderBytes));
  evhttp_set_gencb(s.http, &State::on_request, &s);
  s.park = event_new(s.base, -1, 0, [](evutil_socket_t, short, void*) { ForkQuiescence::park_here(); },
                     nullptr);
  s.thread = std::thread([base = s.base] {
    // libevent writes with writev(): a client gone mid-reply would raise
    // SIGPIPE and kill the process. Blocked in this thread, the write fails
    // with EPIPE and evhttp drops the connection.
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
    event_base_loop(base, EVLOOP_NO_EXIT_ON_EMPTY);
  });
  s.parking.emplace([park = s.park] { event_active(park, EV_READ, 0); });
}

ImageServer::~ImageServer() = default;

std::uint16_t ImageServer::port() const { return state_->port; }
std::string ImageServer::base_url() const {
  return fmt::format("http://{}:{}", state_->host, state_->port);
}
JpegPool& ImageServer::pool() { return state_->pool; }
ConnectionCounts ImageServer::connections_closed() const { return state_->connections.counts(); }

std::string ImageServer::image_path(int width, int height, std::uint64_t index,
                                    const std::string& category) {
  return fmt::format("/{}/{}/{}?i={}", width, height, category, index);
}

}  // namespace concur::download
