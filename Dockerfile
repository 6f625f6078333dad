# A CI image: Debian 12 with lockcheck installed from its .deb, and what a
# job needs around it (git for --diff, CMake, Ninja and g++ to configure a
# project and for the C++ standard headers, jq for the GitLab report).
#
#   docker build -t lockcheck:0.1.0 .
#   docker run --rm -v "$PWD:$PWD" -w "$PWD" lockcheck:0.1.0 -p build
#
# lockcheck's own CI does not build this image (it has no Docker); its RUN
# steps are the commands CI runs: scripts/bootstrap.sh makes the .deb, and
# the second stage installs it with apt as scripts/install-package.sh does.

FROM debian:12 AS build
WORKDIR /src/lockcheck
COPY . .
RUN rm -rf build examples/build \
 && LOCKCHECK_SKIP_EXAMPLE=1 LOCKCHECK_BUILD_TESTS=OFF bash scripts/bootstrap.sh

FROM debian:12
COPY --from=build /src/lockcheck/build/lockcheck_*.deb /tmp/
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      /tmp/lockcheck_*.deb git ca-certificates cmake ninja-build g++ make jq \
 && rm -rf /var/lib/apt/lists/* /tmp/lockcheck_*.deb
ENTRYPOINT ["lockcheck"]
