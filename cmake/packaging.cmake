# The operators' Debian package (issue 11 item 7): `cpack -G DEB` in the
# build folder makes thidua_<version>_<arch>.deb holding the thidua binary
# this build made, the central server's systemd units (packaging/), the
# nightly backup and docs/operations.md. Build with
# -DCMAKE_BUILD_TYPE=Release and no sanitizer for a package to install.

# `cpack` packages what is built: it does not build every target (tests
# included) first. Build `thidua` before running it.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

install(TARGETS thidua RUNTIME DESTINATION bin)
install(FILES packaging/thidua-server.service packaging/thidua-backup.service packaging/thidua-backup.timer
        DESTINATION lib/systemd/system)
install(PROGRAMS packaging/backup-nightly DESTINATION lib/thidua)
install(FILES packaging/thidua-server.default DESTINATION /etc/default RENAME thidua-server)
install(FILES docs/operations.md README.md DESTINATION share/doc/thidua)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME thidua)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Ban Thi đua - Khen thưởng tỉnh <thidua@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "thi đua - khen thưởng: máy chủ đồng bộ, nút huyện và trang công khai")
# Installed under /usr whatever CMAKE_INSTALL_PREFIX says; DESTDIR staging
# because /etc/default is outside that prefix.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends from the libraries the binary links
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/postinst ${PROJECT_SOURCE_DIR}/packaging/debian/prerm
    ${PROJECT_SOURCE_DIR}/packaging/debian/postrm ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
