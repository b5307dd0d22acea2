<?php
/**
 * Settings → Voice agent: the Settings API page, the sanitizer, and the key that is stored but
 * never shown.
 *
 * @package VoiceAgentTests
 */

/**
 * @return string The settings page as the current user would get it.
 */
function settings_page_html() {
	$GLOBALS['plugin_page'] = Voice_Agent_Settings_Page::SLUG;
	$GLOBALS['pagenow']     = 'options-general.php';
	ob_start();
	Voice_Agent_Settings_Page::render();
	return seen( ob_get_clean() );
}

test(
	'a key typed in the settings is stored in its own, not autoloaded, option and not in the settings',
	static function () {
		act_as( 'administrator' );
		update_option(
			Voice_Agent_Settings::OPTION,
			array(
				'provider'      => 'anunzi',
				'assistant_ids' => "asst_ok\nasst_second",
				'anunzi_key'    => '  ' . TEST_ANUNZI_KEY . ' ',
			)
		);
		check_same( TEST_ANUNZI_KEY, Voice_Agent_Settings::anunzi_key(), 'stored key' );
		check_same( 'no', $GLOBALS['wpdb']->get_var( "SELECT autoload FROM {$GLOBALS['wpdb']->options} WHERE option_name = 'voice_agent_anunzi_key'" ), 'key option autoload' );
		$settings = get_option( Voice_Agent_Settings::OPTION );
		check_lacks( TEST_ANUNZI_KEY, serialize( $settings ), 'the settings option' );
		check_same( array( 'asst_ok', 'asst_second' ), $settings['assistant_ids'], 'assistant ids' );
	}
);

test(
	'saving with the key field empty keeps the key; the remove box deletes it',
	static function () {
		update_option( Voice_Agent_Settings::OPTION, array_merge( Voice_Agent_Settings::get(), array( 'anunzi_key' => '', 'agent_id' => 'changed' ) ) );
		check_same( TEST_ANUNZI_KEY, Voice_Agent_Settings::anunzi_key(), 'key after saving with an empty field' );
		update_option( Voice_Agent_Settings::OPTION, array_merge( Voice_Agent_Settings::get(), array( 'forget_anunzi_key' => '1' ) ) );
		check_same( '', Voice_Agent_Settings::anunzi_key(), 'key after removing it' );
		update_option( Voice_Agent_Settings::OPTION, array_merge( Voice_Agent_Settings::get(), array( 'anunzi_key' => TEST_ANUNZI_KEY ) ) );
		check_same( TEST_ANUNZI_KEY, Voice_Agent_Settings::anunzi_key(), 'key after typing it again' );
	}
);

test(
	'the sanitizer keeps only valid values',
	static function () {
		$clean = Voice_Agent_Settings::sanitize(
			array(
				'provider'            => 'evil',
				'agent_id'            => 'a" onclick="x',
				'server_url'          => 'javascript:alert(1)',
				'assistant_ids'       => 'asst_ok, "><script>, asst_second',
				'allowed_origins'     => "https://shop.example.com/some/page\njavascript:alert(1)\nHTTPS://WWW.Example.com:8443",
				'requests_per_minute' => '100000',
				'script_source'       => 'elsewhere',
				'cdn_url'             => 'javascript:alert(1)',
			)
		);
		check_same( 'anunzi', $clean['provider'], 'provider (the stored one is kept)' );
		check_same( '', $clean['agent_id'], 'agent id' );
		check_same( '', $clean['server_url'], 'server URL' );
		check_same( array( 'asst_ok', 'asst_second' ), $clean['assistant_ids'], 'assistant ids' );
		check_same( array( 'https://shop.example.com', 'https://www.example.com:8443' ), $clean['allowed_origins'], 'allowed origins' );
		check_same( 600, $clean['requests_per_minute'], 'requests per minute' );
		check_same( 'bundled', $clean['script_source'], 'script source' );
	}
);

test(
	'the settings page has the Settings API nonce, says a key is stored, and never prints it',
	static function () {
		act_as( 'administrator' );
		Voice_Agent_Settings_Page::add_fields();
		$html = settings_page_html();
		check_contains( '<form action="https://site.test/wp-admin/options.php" method="post">', $html, 'settings page' );
		check_contains( "name='option_page' value='voice_agent'", $html, 'settings page' );
		check( 1 === preg_match( '/name="_wpnonce" value="([0-9a-f]+)"/', $html, $nonce ), 'settings page has a nonce field' );
		check_same( 1, wp_verify_nonce( $nonce[1], 'voice_agent-options' ), 'the nonce options.php checks' );
		check_contains( 'A key is stored.', $html, 'settings page' );
		check_contains( 'name="voice_agent_settings[anunzi_key]" value=""', $html, 'the key field (always empty)' );
		check_contains( 'name="voice_agent_settings[forget_anunzi_key]"', $html, 'settings page' );
		check_contains( 'https://site.test/wp-json/voice-agent/v1/session', $html, 'settings page (the broker\'s URL)' );
		check_lacks( substr( TEST_ANUNZI_KEY, 0, 12 ), $html, 'settings page' );
	}
);

test(
	'only users who may manage options get the page and its menu entry',
	static function () {
		act_as( 'author' );
		check_same( '', settings_page_html(), 'the page for an author' );
		act_as( 'administrator' );
		Voice_Agent_Settings_Page::add_menu();
		$entries = array_filter(
			$GLOBALS['submenu']['options-general.php'],
			static function ( $entry ) {
				return Voice_Agent_Settings_Page::SLUG === $entry[2];
			}
		);
		check_same( 1, count( $entries ), 'Settings menu entries' );
		check_same( 'manage_options', reset( $entries )[1], 'capability of the menu entry' );
		check_same( 'manage_options', apply_filters( 'option_page_capability_voice_agent', 'manage_options' ), 'capability options.php requires to save' );
		check_same( array( 'voice_agent_settings' ), apply_filters( 'allowed_options', array() )['voice_agent'], 'options options.php may save for the form' );
		check_same( false, get_registered_settings()['voice_agent_settings']['show_in_rest'], 'setting shown in REST' );
	}
);

test(
	'the settings are not exposed through the core REST settings endpoint',
	static function () {
		act_as( 'administrator' );
		$response = rest_do_request( new WP_REST_Request( 'GET', '/wp/v2/settings' ) );
		check_same( 200, $response->get_status(), 'status of /wp/v2/settings' );
		$body = seen( wp_json_encode( $response->get_data() ) );
		check_lacks( 'voice_agent', $body, '/wp/v2/settings' );
	}
);
