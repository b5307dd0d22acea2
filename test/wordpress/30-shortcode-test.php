<?php
/**
 * [voice_agent]: the element with the author's attributes over the site's defaults, escaped.
 *
 * @package VoiceAgentTests
 */

test(
	'the shortcode renders the element with every attribute the author gave',
	static function () {
		act_as( 'author' );
		$html = seen( do_shortcode( '[voice_agent provider="lyzr" agent_id="agent-123" server-url="https://lyzr.example.com" variant="floating" placement="bottom-left" lang="de" frame_ms="40" barge_in="off" echo_gate="off" text_start="Sprich mit uns" debug]' ) );
		check_same(
			array(
				'provider'   => 'lyzr',
				'agent-id'   => 'agent-123',
				'server-url' => 'https://lyzr.example.com',
				'frame-ms'   => '40',
				'variant'    => 'floating',
				'placement'  => 'bottom-left',
				'lang'       => 'de',
				'barge-in'   => 'off',
				'echo-gate'  => 'off',
				'debug'      => '',
				'text-start' => 'Sprich mit uns',
			),
			voice_agent_attributes_in( $html ),
			'the element\'s attributes'
		);
	}
);

test(
	'a bare [voice_agent] (or one with empty values) takes the provider and agent from the settings',
	static function () {
		update_option( Voice_Agent_Settings::OPTION, array_merge( Voice_Agent_Settings::get(), array( 'provider' => 'lyzr', 'agent_id' => 'site-default-agent' ) ) );
		check_same(
			array(
				'provider' => 'lyzr',
				'agent-id' => 'site-default-agent',
			),
			voice_agent_attributes_in( seen( do_shortcode( '[voice_agent]' ) ) ),
			'the element\'s attributes'
		);
		check_same(
			voice_agent_attributes_in( seen( do_shortcode( '[voice_agent]' ) ) ),
			voice_agent_attributes_in( seen( do_shortcode( '[voice_agent provider="" agent_id=""]' ) ) ),
			'the element\'s attributes when the shortcode leaves values empty'
		);
	}
);

test(
	'[voice_agent provider="anunzi" assistant="…"] points the element at this site\'s token broker route',
	static function () {
		$attributes = voice_agent_attributes_in( seen( do_shortcode( '[voice_agent provider="anunzi" assistant="asst_ok"]' ) ) );
		check_same( 'anunzi', $attributes['provider'], 'provider' );
		check_same( 'https://site.test/wp-json/voice-agent/v1/session?assistant=asst_ok', $attributes['session-endpoint'], 'session-endpoint' );
		check( ! isset( $attributes['assistant'] ), 'no assistant attribute on the element' );
	}
);

test(
	'quotes in shortcode values cannot break out of the attribute; refused values leave the attribute out',
	static function () {
		act_as( 'author' );
		$html = seen( do_shortcode( '[voice_agent provider="lyzr" agent_id=\'x" onmouseover="alert(1)\' text_start=\'Say "hi" & go\' text_end=\'a" onclick="alert(2)\' onclick="alert(3)" variant="huge"]' ) );
		// The browser's reading is what counts: the quotes stay inside text values, no handler attribute appears.
		check_same(
			array(
				'provider'   => 'lyzr',
				'text-start' => 'Say "hi" & go',
				'text-end'   => 'a" onclick="alert(2)',
			),
			voice_agent_attributes_in( $html ),
			'the element\'s attributes as a browser reads them'
		);
		check_contains( 'text-start="Say &quot;hi&quot; &amp; go"', $html, 'rendered shortcode' );
	}
);

test(
	'hostile values given to the shortcode handler come out refused or as inert text',
	static function () {
		act_as( 'author' );
		$html = seen(
			Voice_Agent_Embed::render_shortcode(
				array(
					'provider'     => 'lyzr',
					'agent_id'     => '"><script>alert(1)</script>',
					'server_url'   => 'javascript:alert(1)',
					'text_start'   => '"><script>alert(1)</script>Talk',
					'text_open'    => '"><img src=x onerror=alert(1)>Open',
					'"><script>x'  => 'y',
				)
			)
		);
		check_lacks( '<script', $html, 'rendered element' );
		check_lacks( '<img', $html, 'rendered element' );
		$attributes = voice_agent_attributes_in( $html );
		check_same( array( 'provider', 'text-start', 'text-open' ), array_keys( $attributes ), 'attribute names' );
		check_lacks( '<', $attributes['text-start'] . $attributes['text-open'], 'text values' );
		check_contains( 'voice-agent: refused agent-id, server-url -->', $html, 'note for people who can edit the post' );
		check_lacks( 'alert', substr( $html, strpos( $html, '<!--' ) ), 'the note (names only, never values)' );
	}
);

test(
	'visitors who cannot edit posts get no note about refused attributes',
	static function () {
		wp_set_current_user( 0 );
		$html = seen( do_shortcode( '[voice_agent provider="lyzr" agent_id="agent-123" variant="huge"]' ) );
		check_lacks( '<!--', $html, 'rendered shortcode for a visitor' );
		check_same( array( 'provider', 'agent-id' ), array_keys( voice_agent_attributes_in( $html ) ), 'attribute names' );
	}
);

test(
	'push-to-talk and terms reach the element; the terms are plain text, tags removed',
	static function () {
		act_as( 'contributor' );
		$html       = seen( do_shortcode( '[voice_agent provider="lyzr" agent_id="a" push_to_talk terms="We record calls. <script>alert(1)</script><b>See our policy.</b>"]' ) );
		$attributes = voice_agent_attributes_in( $html );
		check_same( '', $attributes['push-to-talk'], 'push-to-talk, a bare flag' );
		check_same( 'We record calls. See our policy.', $attributes['terms'], 'terms as plain text' );
		check( false === strpos( $html, '<script>alert' ), 'no script tag from the terms' );
	}
);
