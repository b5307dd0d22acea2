<?php
/**
 * The element's script: enqueued only where the element is, from the plugin or from a CDN.
 *
 * @package VoiceAgentTests
 */

/**
 * @return string What wp_footer() would print for the enqueued scripts.
 */
function footer_scripts() {
	wp_scripts()->done = array(); // Each test looks at a fresh footer.
	ob_start();
	wp_print_footer_scripts();
	return seen( ob_get_clean() );
}

test(
	'a page without the element does not load the script',
	static function () {
		wp_dequeue_script( Voice_Agent_Script::HANDLE );
		do_shortcode( do_blocks( '<p>No agent here.</p>' ) );
		check( ! wp_script_is( Voice_Agent_Script::HANDLE, 'enqueued' ), 'script not enqueued' );
	}
);

test(
	'rendering the element enqueues the plugin\'s copy of the script, printed in the footer',
	static function () {
		wp_dequeue_script( Voice_Agent_Script::HANDLE );
		do_shortcode( '[voice_agent provider="lyzr" agent_id="agent-123"]' );
		check( wp_script_is( Voice_Agent_Script::HANDLE, 'enqueued' ), 'script enqueued' );
		check_contains( " src='https://site.test/wp-content/plugins/voice-agent/assets/voice-agent.iife.js?ver=0.1.0' id='voice-agent-js'></script>", footer_scripts(), 'footer' );
	}
);

test(
	'with a CDN URL in the settings the script comes from there (https only)',
	static function () {
		$cdn = 'https://cdn.jsdelivr.net/npm/voice-agent@0.1.0/dist/voice-agent.iife.js';
		update_option( Voice_Agent_Settings::OPTION, array_merge( Voice_Agent_Settings::get(), array( 'script_source' => 'cdn', 'cdn_url' => $cdn ) ) );
		wp_deregister_script( Voice_Agent_Script::HANDLE );
		Voice_Agent_Script::register();
		do_blocks( '<!-- wp:voice-agent/voice-agent {"provider":"lyzr","agentId":"agent-123"} /-->' );
		check_same( $cdn, wp_scripts()->registered[ Voice_Agent_Script::HANDLE ]->src, 'script URL' );
		check_contains( " src='$cdn' id='voice-agent-js'></script>", footer_scripts(), 'footer' );

		update_option( Voice_Agent_Settings::OPTION, array_merge( Voice_Agent_Settings::get(), array( 'script_source' => 'cdn', 'cdn_url' => 'http://cdn.example.com/voice-agent.iife.js' ) ) );
		check_same( 'bundled', Voice_Agent_Settings::get()['script_source'], 'script source after an http: CDN URL' );
		check_same( '', Voice_Agent_Settings::get()['cdn_url'], 'stored CDN URL' );
		wp_deregister_script( Voice_Agent_Script::HANDLE );
		Voice_Agent_Script::register();
		check_same( 'https://site.test/wp-content/plugins/voice-agent/assets/voice-agent.iife.js', wp_scripts()->registered[ Voice_Agent_Script::HANDLE ]->src, 'script URL' );
	}
);
