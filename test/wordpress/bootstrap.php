<?php
/**
 * Boots the real WordPress (Debian's package, /usr/share/wordpress, or WORDPRESS_DIR) in this
 * PHP process, in place of wp-config.php: an in-memory SQLite database (content/db.php), the
 * plugin folder of this repository as WP_PLUGIN_DIR, and the plugin active. A probe script may
 * define more constants first (MULTISITE, DISALLOW_UNFILTERED_HTML).
 *
 * @package VoiceAgentTests
 */

$wordpress_dir = rtrim( getenv( 'WORDPRESS_DIR' ) ?: '/usr/share/wordpress', '/' ) . '/';
if ( ! is_file( $wordpress_dir . 'wp-settings.php' ) ) {
	fwrite( STDERR, "WordPress not found in $wordpress_dir (apt-get install wordpress, or set WORDPRESS_DIR)\n" );
	exit( 2 );
}

define( 'ABSPATH', $wordpress_dir );
define( 'WP_CONTENT_DIR', __DIR__ . '/content' );
define( 'WP_PLUGIN_DIR', dirname( __DIR__, 2 ) . '/wordpress' );
define( 'WP_HOME', 'https://site.test' );
define( 'WP_SITEURL', 'https://site.test' );
define( 'WP_CONTENT_URL', 'https://site.test/wp-content' );
define( 'WP_PLUGIN_URL', 'https://site.test/wp-content/plugins' );
define( 'DB_NAME', 'memory' );
define( 'DB_USER', '' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', 'sqlite' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', true );
define( 'WP_DEBUG_LOG', false );
define( 'DISABLE_WP_CRON', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'WP_ACCESSIBLE_HOSTS', '127.0.0.1' ); // Only the local mock vendor.
foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as $salt ) {
	define( $salt, 'voice-agent-tests-' . $salt );
}
$table_prefix = 'wp_'; // phpcs:ignore WordPress.WP.GlobalVariablesOverride -- what wp-config.php sets.

$_SERVER['HTTP_HOST']   = 'site.test';
$_SERVER['SERVER_NAME'] = 'site.test';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['HTTPS']       = 'on';
$_SERVER['REMOTE_ADDR'] = '203.0.113.7';

// Warnings and notices raised in the plugin's files are collected (run.php fails on them).
// WordPress 6.1 itself predates some PHP 8.1/8.2 deprecations: those are not ours to report.
$GLOBALS['plugin_notices'] = array();
set_error_handler(
	static function ( $level, $message, $file, $line ) {
		if ( 0 === strpos( (string) realpath( $file ), (string) realpath( WP_PLUGIN_DIR ) ) ) {
			$GLOBALS['plugin_notices'][] = "$message at $file:$line";
			return false;
		}
		return E_DEPRECATED === $level;
	}
);

require ABSPATH . 'wp-settings.php';

require_once ABSPATH . 'wp-admin/includes/schema.php';
populate_roles();
