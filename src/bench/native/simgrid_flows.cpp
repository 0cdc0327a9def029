// SimGrid yardstick for `cdnsim bench flows --simgrid BIN`: runs a flow set through
// SimGrid's own network models so the completion times and the cost can be compared.
//
//   simgrid_flows INPUT.txt maxmin|lv08 [all]
//
// INPUT.txt holds `L name bandwidth_Bps latency_s` lines, then `F start bytes link...` lines
// (src/net/flows/generate.ts, instanceText). Prints `flows N simulated_end S wall_s W`, W being
// the wall seconds of the simulation alone; with `all`, then `index end` per flow in input order.
//
// Build against Debian's libsimgrid-dev 3.32:
//   g++ -O2 -o simgrid_flows src/bench/native/simgrid_flows.cpp -lsimgrid

#include <simgrid/s4u.hpp>
#include <xbt/log.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace {

struct LinkSpec {
  std::string name;
  double bandwidth;
  double latency;
};

struct FlowSpec {
  double start;
  double bytes;
  std::vector<int> links; // indices into the link list
};

struct FlowSet {
  std::vector<LinkSpec> links;
  std::vector<FlowSpec> flows;
};

[[noreturn]] void fail(const std::string& message)
{
  std::fprintf(stderr, "%s\n", message.c_str());
  std::exit(2);
}

double parse_number(const std::string& token, const std::string& where, const char* field)
{
  char* end     = nullptr;
  double value  = std::strtod(token.c_str(), &end);
  bool complete = !token.empty() && end == token.c_str() + token.size();
  if (!complete || !(value >= 0) || value > 1e300)
    fail(where + ": field '" + field + "': expected a non-negative number, got '" + token + "'");
  return value;
}

FlowSet read_flow_set(const std::string& path)
{
  std::ifstream in(path);
  if (!in)
    fail(path + ": cannot be read");
  FlowSet set;
  std::unordered_map<std::string, int> link_index;
  std::string line;
  for (int number = 1; std::getline(in, line); number++) {
    std::istringstream words(line);
    std::string kind;
    if (!(words >> kind))
      continue; // blank line
    std::string where = path + ":" + std::to_string(number);
    std::vector<std::string> rest;
    for (std::string w; words >> w;)
      rest.push_back(w);
    if (kind == "L") {
      if (rest.size() != 3)
        fail(where + ": expected 'L name bandwidth latency'");
      if (link_index.count(rest[0]) != 0)
        fail(where + ": field 'name': link '" + rest[0] + "' given twice");
      double bandwidth = parse_number(rest[1], where, "bandwidth");
      if (bandwidth == 0)
        fail(where + ": field 'bandwidth': must be above 0");
      link_index[rest[0]] = static_cast<int>(set.links.size());
      set.links.push_back({rest[0], bandwidth, parse_number(rest[2], where, "latency")});
    } else if (kind == "F") {
      if (rest.size() < 3)
        fail(where + ": expected 'F start bytes link...' with at least one link");
      FlowSpec flow{parse_number(rest[0], where, "start"), parse_number(rest[1], where, "bytes"), {}};
      if (flow.bytes != static_cast<double>(static_cast<uint64_t>(flow.bytes)))
        fail(where + ": field 'bytes': SimGrid sends whole bytes, got '" + rest[1] + "'");
      for (size_t i = 2; i < rest.size(); i++) {
        auto found = link_index.find(rest[i]);
        if (found == link_index.end())
          fail(where + ": field 'route': unknown link '" + rest[i] + "'");
        flow.links.push_back(found->second);
      }
      set.flows.push_back(std::move(flow));
    } else {
      fail(where + ": expected a line starting with 'L' or 'F', got '" + kind + "'");
    }
  }
  return set;
}

void configure_model(const std::string& model)
{
  if (model == "maxmin") {
    // Plain weighted max-min: CM02 without the TCP window bound (gamma 0 disables it).
    sg4::Engine::set_config("network/model:CM02");
    sg4::Engine::set_config("network/TCP-gamma:0");
  } else if (model == "lv08") {
    sg4::Engine::set_config("network/model:LV08");
  } else {
    fail("model '" + model + "': expected maxmin or lv08");
  }
  // Cross-traffic would add a reverse-direction flow per transfer; the flow sets are one-way.
  sg4::Engine::set_config("network/crosstraffic:0");
}

// A star zone: every flow has its own source host whose "up" route is exactly the flow's
// links, and the one sink's "down" route is empty. A full zone would hold a hosts² table.
std::vector<sg4::Host*> build_platform(const FlowSet& set, sg4::Host** sink)
{
  sg4::NetZone* zone = sg4::create_star_zone("flows");
  std::vector<sg4::Link*> links;
  links.reserve(set.links.size());
  for (const LinkSpec& spec : set.links)
    links.push_back(zone->create_link(spec.name, spec.bandwidth)->set_latency(spec.latency)->seal());

  *sink = zone->create_host("sink", 1e9);
  zone->add_route((*sink)->get_netpoint(), nullptr, nullptr, nullptr, {}, false);
  zone->add_route(nullptr, (*sink)->get_netpoint(), nullptr, nullptr, {}, false);

  std::vector<sg4::Host*> sources;
  sources.reserve(set.flows.size());
  for (size_t i = 0; i < set.flows.size(); i++) {
    sg4::Host* host = zone->create_host("src" + std::to_string(i), 1e9);
    std::vector<sg4::LinkInRoute> route;
    for (int l : set.flows[i].links)
      route.emplace_back(links[l]);
    zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr, route, false);
    zone->add_route(nullptr, host->get_netpoint(), nullptr, nullptr, {}, false);
    sources.push_back(host);
  }
  zone->seal();
  return sources;
}

} // namespace

int main(int argc, char** argv)
{
  if (argc < 3 || argc > 4 || (argc == 4 && std::string(argv[3]) != "all"))
    fail("usage: simgrid_flows INPUT.txt maxmin|lv08 [all]");
  const std::string model = argv[2];
  const bool print_all    = argc == 4;

  // SimGrid reads its own options from the command line; it gets only the program name.
  int sg_argc = 1;
  sg4::Engine engine(&sg_argc, argv);
  xbt_log_control_set("root.thresh:warning"); // keep stderr for problems, not configuration notes
  configure_model(model);
  const FlowSet set = read_flow_set(argv[1]);

  sg4::Host* sink                 = nullptr;
  std::vector<sg4::Host*> sources = build_platform(set, &sink);

  const size_t n = set.flows.size();
  std::vector<sg4::CommPtr> comms(n);

  // One actor starts every flow at its time, in order of start (input order breaks ties).
  std::vector<size_t> by_start(n);
  std::iota(by_start.begin(), by_start.end(), 0);
  std::stable_sort(by_start.begin(), by_start.end(),
                   [&set](size_t a, size_t b) { return set.flows[a].start < set.flows[b].start; });
  sg4::Actor::create("starter", sink, [&]() {
    for (size_t i : by_start) {
      sg4::this_actor::sleep_until(set.flows[i].start);
      comms[i] = sg4::Comm::sendto_async(sources[i], sink, static_cast<uint64_t>(set.flows[i].bytes));
    }
    sg4::Comm::wait_all(comms);
  });

  auto t0 = std::chrono::steady_clock::now();
  engine.run();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::printf("flows %zu simulated_end %.17g wall_s %.6f\n", n, sg4::Engine::get_clock(), wall);
  if (print_all)
    for (size_t i = 0; i < n; i++)
      std::printf("%zu %.17g\n", i, comms[i]->get_finish_time());
  return 0;
}
