# The Debian package for hall terminals (cpack -G DEB in the build folder, or scripts/build-package.sh):
#   /usr/bin/kiosk, /usr/share/counter-kiosk (assets), /etc/counter-kiosk/kiosk.toml (a conffile, every key
#   commented), the systemd units, the udev rules, the README; maintainer scripts in packaging/debian make the
#   service's user and groups and its state folder. Depends are computed from the binary's shared libraries
#   (dpkg-shlibdeps), plus the fonts the UI and the documents need.
install(FILES ${CMAKE_SOURCE_DIR}/packaging/kiosk.toml DESTINATION /etc/counter-kiosk)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/counter-kiosk.service ${CMAKE_SOURCE_DIR}/packaging/counter-kiosk-kmsdrm.service
  DESTINATION /lib/systemd/system)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/69-counter-kiosk.rules DESTINATION /lib/udev/rules.d)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/packaging/supported-devices.tsv
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/counter-kiosk)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME counter-kiosk)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Counter Kiosk maintainers <kiosk@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "whole-process record of intake at a service-hall counter (窗口收件全过程记录)")
set(CPACK_PACKAGE_DESCRIPTION "Records synchronized video and audio of a counter intake, reads the applicant's ID \
card, prints the itemized receipt and notices, takes the signature on the proof of service, and seals and \
archives the case file.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Cross-built for the boards (cmake/toolchains/aarch64-linux-gnu.cmake): the package is arm64, whatever the build
# machine is; dpkg-shlibdeps finds the arm64 libraries through multiarch.
if(CMAKE_CROSSCOMPILING AND CMAKE_SYSTEM_PROCESSOR STREQUAL "aarch64")
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
endif()
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-noto-cjk, passwd, systemd")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "cage, udev")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_SOURCE_DIR}/packaging/debian/conffiles ${CMAKE_SOURCE_DIR}/packaging/debian/postinst
  ${CMAKE_SOURCE_DIR}/packaging/debian/prerm ${CMAKE_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
