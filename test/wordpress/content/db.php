<?php
/**
 * Test-only database drop-in: WordPress's own wpdb, answering from an in-memory SQLite database
 * (PDO) instead of MySQL, so the real WordPress boots (single site, or a one-site network when
 * MULTISITE is defined), stores options, users, posts and transients, and runs plugins in a
 * second, with no database server. Only what WordPress's MySQL dialect
 * needs for the code under test is translated; any query SQLite refuses is recorded in
 * $wpdb->failed_queries, and the test run fails on it.
 *
 * @package VoiceAgentTests
 */

/**
 * wpdb over PDO SQLite.
 */
class SQLite_Test_Wpdb extends wpdb {

	/** @var string[] Every query SQLite refused, with its error. */
	public $failed_queries = array();

	/** @var PDO */
	private $sqlite;

	public function __construct() {
		$this->sqlite = new PDO( 'sqlite::memory:' );
		$this->sqlite->setAttribute( PDO::ATTR_ERRMODE, PDO::ERRMODE_SILENT );
		$this->dbh     = $this->sqlite;
		$this->ready   = true;
		$this->charset = 'utf8mb4';
		$this->collate = '';
		$this->dbname  = 'memory';
		$this->dbhost  = 'sqlite';
		$this->create_site( $GLOBALS['table_prefix'], WP_HOME );
	}

	public function db_connect( $allow_bail = true ) {
		return true;
	}

	public function check_connection( $allow_bail = true ) {
		return true;
	}

	public function set_charset( $dbh, $charset = null, $collate = null ) {}

	public function set_sql_mode( $modes = array() ) {}

	public function select( $db, $dbh = null ) {}

	public function db_version() {
		return '8.0';
	}

	public function db_server_info() {
		return '8.0-sqlite-test';
	}

	public function close() {
		return true;
	}

	public function flush() {
		$this->last_result   = array();
		$this->col_info      = null;
		$this->last_query    = null;
		$this->rows_affected = 0;
		$this->num_rows      = 0;
		$this->last_error    = '';
	}

	/** SQLite quotes by doubling the quote; backslashes are plain characters. */
	public function _real_escape( $string ) {
		if ( ! is_scalar( $string ) ) {
			return '';
		}
		return $this->add_placeholder_escape( str_replace( "'", "''", (string) $string ) );
	}

	/** Column charsets and lengths are MySQL's business; SQLite stores any text. */
	protected function process_fields( $table, $data, $format ) {
		return $this->process_field_formats( $data, $format );
	}

	public function print_error( $str = '' ) {
		$this->failed_queries[] = $this->last_error . ' — ' . $this->last_query;
	}

	/**
	 * Runs one query with wpdb's return conventions: rows affected for writes, rows found for reads.
	 *
	 * @param string $query MySQL-dialect SQL.
	 * @return int|bool
	 */
	public function query( $query ) {
		$query = apply_filters( 'query', $query );
		if ( ! $query ) {
			$this->insert_id = 0;
			return false;
		}
		$this->flush();
		$this->last_query = $query;
		$this->num_queries++;

		$statement = $this->sqlite->query( self::to_sqlite( $query ) );
		if ( false === $statement ) {
			$this->last_error = $this->sqlite->errorInfo()[2];
			$this->print_error();
			return false;
		}
		if ( preg_match( '/^\s*(create|alter|truncate|drop)\s/i', $query ) ) {
			return true;
		}
		if ( preg_match( '/^\s*(insert|delete|update|replace)\s/i', $query ) ) {
			$this->rows_affected = $statement->rowCount();
			if ( preg_match( '/^\s*(insert|replace)\s/i', $query ) ) {
				$this->insert_id = (int) $this->sqlite->lastInsertId();
			}
			return $this->rows_affected;
		}
		$this->last_result = $statement->fetchAll( PDO::FETCH_OBJ );
		$this->num_rows    = count( $this->last_result );
		return $this->num_rows;
	}

	/**
	 * The few MySQL forms WordPress uses for options, users and posts, in SQLite's dialect.
	 *
	 * @param string $query MySQL-dialect SQL.
	 * @return string SQLite-dialect SQL.
	 */
	private static function to_sqlite( $query ) {
		// add_option(): INSERT … ON DUPLICATE KEY UPDATE col = VALUES(col).
		if ( preg_match( '/^(.*)\bON DUPLICATE KEY UPDATE\b(.*)$/is', $query, $parts ) ) {
			$query = $parts[1] . ' ON CONFLICT DO UPDATE SET ' . preg_replace( '/\bVALUES\(\s*(`?\w+`?)\s*\)/i', 'excluded.$1', $parts[2] );
		}
		$query = preg_replace( '/^\s*INSERT\s+IGNORE\b/i', 'INSERT OR IGNORE', $query );
		// MySQL's LIKE escapes with a backslash by default (what $wpdb->esc_like() writes); SQLite's only when told.
		$query = preg_replace( "/\\bLIKE\\s+('(?:[^']|'')*')(?!\\s+ESCAPE)/i", "LIKE $1 ESCAPE '\\\\'", $query );
		return preg_replace( '/\bSQL_CALC_FOUND_ROWS\b/i', '', $query );
	}

	/**
	 * Creates the tables the tests touch, in SQLite's types, and the options of an installed site.
	 *
	 * @param string $p        The table prefix.
	 * @param string $site_url The site's URL.
	 */
	private function create_site( $p, $site_url ) {
		$this->sqlite->exec(
			"CREATE TABLE {$p}options (option_id INTEGER PRIMARY KEY AUTOINCREMENT, option_name TEXT NOT NULL UNIQUE, option_value TEXT NOT NULL, autoload TEXT NOT NULL DEFAULT 'yes');
			CREATE TABLE {$p}users (ID INTEGER PRIMARY KEY AUTOINCREMENT, user_login TEXT NOT NULL DEFAULT '', user_pass TEXT NOT NULL DEFAULT '', user_nicename TEXT NOT NULL DEFAULT '', user_email TEXT NOT NULL DEFAULT '', user_url TEXT NOT NULL DEFAULT '', user_registered TEXT NOT NULL DEFAULT '0000-00-00 00:00:00', user_activation_key TEXT NOT NULL DEFAULT '', user_status INTEGER NOT NULL DEFAULT 0, display_name TEXT NOT NULL DEFAULT '', spam INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0);
			CREATE TABLE {$p}usermeta (umeta_id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL DEFAULT 0, meta_key TEXT, meta_value TEXT);
			CREATE TABLE {$p}posts (ID INTEGER PRIMARY KEY AUTOINCREMENT, post_author INTEGER NOT NULL DEFAULT 0, post_date TEXT NOT NULL DEFAULT '0000-00-00 00:00:00', post_date_gmt TEXT NOT NULL DEFAULT '0000-00-00 00:00:00', post_content TEXT NOT NULL DEFAULT '', post_title TEXT NOT NULL DEFAULT '', post_excerpt TEXT NOT NULL DEFAULT '', post_status TEXT NOT NULL DEFAULT 'publish', comment_status TEXT NOT NULL DEFAULT 'open', ping_status TEXT NOT NULL DEFAULT 'open', post_password TEXT NOT NULL DEFAULT '', post_name TEXT NOT NULL DEFAULT '', to_ping TEXT NOT NULL DEFAULT '', pinged TEXT NOT NULL DEFAULT '', post_modified TEXT NOT NULL DEFAULT '0000-00-00 00:00:00', post_modified_gmt TEXT NOT NULL DEFAULT '0000-00-00 00:00:00', post_content_filtered TEXT NOT NULL DEFAULT '', post_parent INTEGER NOT NULL DEFAULT 0, guid TEXT NOT NULL DEFAULT '', menu_order INTEGER NOT NULL DEFAULT 0, post_type TEXT NOT NULL DEFAULT 'post', post_mime_type TEXT NOT NULL DEFAULT '', comment_count INTEGER NOT NULL DEFAULT 0);
			CREATE TABLE {$p}postmeta (meta_id INTEGER PRIMARY KEY AUTOINCREMENT, post_id INTEGER NOT NULL DEFAULT 0, meta_key TEXT, meta_value TEXT);"
		);
		$options = array(
			'siteurl'              => $site_url,
			'home'                 => $site_url,
			'blogname'             => 'Voice agent tests',
			'permalink_structure'  => '/%postname%/',
			'active_plugins'       => serialize( array( 'voice-agent/voice-agent.php' ) ), // phpcs:ignore -- how WordPress stores it.
			'template'             => '',
			'stylesheet'           => '',
			'db_version'           => (string) $GLOBALS['wp_db_version'],
			'default_role'         => 'subscriber',
			'blog_charset'         => 'UTF-8',
		);
		$insert  = $this->sqlite->prepare( "INSERT INTO {$p}options (option_name, option_value, autoload) VALUES (?, ?, 'yes')" );
		foreach ( $options as $name => $value ) {
			$insert->execute( array( $name, $value ) );
		}
		if ( defined( 'MULTISITE' ) && MULTISITE ) {
			$this->create_network( $p, $site_url );
		}
	}

	/**
	 * A network of one site (the main one) whose only Super Admin is the user `superadmin`.
	 *
	 * @param string $p        The table prefix.
	 * @param string $site_url The site's URL.
	 */
	private function create_network( $p, $site_url ) {
		$host = parse_url( $site_url, PHP_URL_HOST );
		$this->sqlite->exec(
			"CREATE TABLE {$p}site (id INTEGER PRIMARY KEY AUTOINCREMENT, domain TEXT NOT NULL DEFAULT '', path TEXT NOT NULL DEFAULT '');
			CREATE TABLE {$p}sitemeta (meta_id INTEGER PRIMARY KEY AUTOINCREMENT, site_id INTEGER NOT NULL DEFAULT 0, meta_key TEXT, meta_value TEXT);
			CREATE TABLE {$p}blogs (blog_id INTEGER PRIMARY KEY AUTOINCREMENT, site_id INTEGER NOT NULL DEFAULT 0, domain TEXT NOT NULL DEFAULT '', path TEXT NOT NULL DEFAULT '', registered TEXT NOT NULL DEFAULT '0000-00-00 00:00:00', last_updated TEXT NOT NULL DEFAULT '0000-00-00 00:00:00', public INTEGER NOT NULL DEFAULT 1, archived INTEGER NOT NULL DEFAULT 0, mature INTEGER NOT NULL DEFAULT 0, spam INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0, lang_id INTEGER NOT NULL DEFAULT 0);
			CREATE TABLE {$p}blogmeta (meta_id INTEGER PRIMARY KEY AUTOINCREMENT, blog_id INTEGER NOT NULL DEFAULT 0, meta_key TEXT, meta_value TEXT);"
		);
		$this->sqlite->prepare( "INSERT INTO {$p}site (id, domain, path) VALUES (1, ?, '/')" )->execute( array( $host ) );
		$this->sqlite->prepare( "INSERT INTO {$p}blogs (blog_id, site_id, domain, path) VALUES (1, 1, ?, '/')" )->execute( array( $host ) );
		$meta = $this->sqlite->prepare( "INSERT INTO {$p}sitemeta (site_id, meta_key, meta_value) VALUES (1, ?, ?)" );
		$meta->execute( array( 'site_admins', serialize( array( 'superadmin' ) ) ) ); // phpcs:ignore -- how WordPress stores it.
		$meta->execute( array( 'siteurl', $site_url . '/' ) );
	}
}

$wpdb = new SQLite_Test_Wpdb(); // phpcs:ignore WordPress.WP.GlobalVariablesOverride -- what a db.php drop-in is for.
